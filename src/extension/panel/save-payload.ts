/** Turns a webview's `save` payload into the bytes to write. vscode-free. */
export function savePayloadBytes(format: 'png' | 'csv', data: string): Uint8Array {
  if (format === 'png') {
    const comma = data.indexOf(',');
    if (!data.startsWith('data:image/png;base64,') || comma < 0) throw new Error('not a PNG data URL');
    const bytes = Buffer.from(data.slice(comma + 1), 'base64');
    const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
    if (bytes.length < 8 || signature.some((b, i) => bytes[i] !== b)) throw new Error('the data is not a PNG image');
    return new Uint8Array(bytes);
  }
  return new TextEncoder().encode(data);
}
