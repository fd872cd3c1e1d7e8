import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';

export function ErrorBar({ title = 'Something went wrong', message }: { title?: string; message: string | null }) {
  if (!message) return null;
  return (
    <MessageBar intent="error" role="alert">
      <MessageBarBody>
        <MessageBarTitle>{title}</MessageBarTitle>
        {message}
      </MessageBarBody>
    </MessageBar>
  );
}
