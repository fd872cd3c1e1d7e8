/** The parts of word-extractor 1.0.4 (no types of its own) that extract/word-doc.ts uses. */
declare module 'word-extractor/lib/word-ole-extractor.js' {
  export interface WordDocument {
    getBody(): string;
    getFootnotes(): string;
    getEndnotes(): string;
    getHeaders(options?: { includeFooters?: boolean }): string;
    getFooters(): string;
    getAnnotations(): string;
    getTextboxes(options?: { includeHeadersAndFooters?: boolean; includeBody?: boolean }): string;
  }
  /** Reads a Word binary from its streams; how it gets a stream and its bytes can be replaced. */
  export default class WordOleExtractor {
    documentStream(document: unknown, streamName: string): Promise<unknown>;
    streamBuffer(stream: unknown): Promise<Buffer>;
    extractWordDocument(document: unknown, wordDocument: Buffer): Promise<WordDocument>;
  }
}
