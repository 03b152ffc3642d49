/** Where a report writer sends its text: stdout, an HTTP response, a string in a test. */
export type TextSink = (chunk: string) => void;

export interface BufferedWriter {
  write(text: string): void;
  /** Sends what is buffered; call once at the end. */
  flush(): void;
}

/** Collects small pieces into chunks of about `chunkSize` characters: one sink call per chunk, not per line. */
export function bufferedWriter(sink: TextSink, chunkSize = 1 << 16): BufferedWriter {
  let buffer = '';
  return {
    write(text) {
      buffer += text;
      if (buffer.length >= chunkSize) {
        sink(buffer);
        buffer = '';
      }
    },
    flush() {
      if (buffer.length > 0) sink(buffer);
      buffer = '';
    },
  };
}

/** Runs a writer into one string (tests, small reports). */
export async function writeToString(write: (sink: TextSink) => Promise<void>): Promise<string> {
  const chunks: string[] = [];
  await write((chunk) => chunks.push(chunk));
  return chunks.join('');
}
