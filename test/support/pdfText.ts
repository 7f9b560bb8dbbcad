import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * The text of a PDF, page by page, read with pdfjs-dist's legacy build (the one for Node), for
 * assertions such as "holds INV-0042 and 1,150.00". Words keep the order they are drawn in; each
 * text item ends with a space, each line (pdf.js's hasEOL) with a newline.
 *
 * pdfjs-dist ships only ES modules, and jest's swc transform turns `import()` into `require()`: the
 * reading runs in a worker thread, on Node's own module loader.
 */
export async function pdfText(pdf: Buffer | Uint8Array): Promise<string> {
  const pdfjsUrl = pathToFileURL(require.resolve('pdfjs-dist/legacy/build/pdf.mjs')).href;
  const worker = new Worker(READ_PDF, { eval: true, workerData: { pdfjsUrl, bytes: new Uint8Array(pdf) } });
  try {
    const answer = await new Promise<unknown>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`pdf reader exited with code ${code}`)));
    });
    const { text, error } = answer as { text?: string; error?: string };
    if (typeof text !== 'string') throw new Error(`pdf.js could not read the PDF: ${error ?? 'no answer'}`);
    return text;
  } finally {
    await worker.terminate();
  }
}

/** The text with runs of spaces and newlines collapsed to one space (for phrase assertions). */
export async function pdfFlatText(pdf: Buffer | Uint8Array): Promise<string> {
  return (await pdfText(pdf)).replace(/\s+/g, ' ').trim();
}

const READ_PDF = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  const pdfjs = await import(workerData.pdfjsUrl);
  const doc = await pdfjs.getDocument({
    data: workerData.bytes,
    verbosity: 0,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
  }).promise;
  const pages = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const content = await page.getTextContent();
    pages.push(content.items.map((i) => ('str' in i ? i.str + (i.hasEOL ? '\\n' : ' ') : '')).join(''));
  }
  await doc.destroy();
  parentPort.postMessage({ text: pages.join('\\n') });
})().catch((err) => parentPort.postMessage({ error: String((err && err.stack) || err) }));
`;
