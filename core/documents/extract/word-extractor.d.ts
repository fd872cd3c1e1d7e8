/** The parts of word-extractor 1.0.4 (no types of its own) that extract/word-doc.ts uses. */
declare module 'word-extractor/lib/word-ole-extractor.js' {
  /** filterUnicode (default true) turns curly quotes, dashes and wide spaces into ASCII. */
  interface Filter {
    filterUnicode?: boolean;
  }
  export interface WordDocument {
    getBody(options?: Filter): string;
    getFootnotes(options?: Filter): string;
    getEndnotes(options?: Filter): string;
    getHeaders(options?: Filter & { includeFooters?: boolean }): string;
    getFooters(options?: Filter): string;
    getAnnotations(options?: Filter): string;
    getTextboxes(options?: Filter & { includeHeadersAndFooters?: boolean; includeBody?: boolean }): string;
  }
  /** Reads a Word binary from its streams; how it gets a stream and its bytes can be replaced. */
  export default class WordOleExtractor {
    documentStream(document: unknown, streamName: string): Promise<unknown>;
    streamBuffer(stream: unknown): Promise<Buffer>;
    extractWordDocument(document: unknown, wordDocument: Buffer): Promise<WordDocument>;
  }
}
