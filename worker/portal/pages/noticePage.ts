import { layout, type PageBrand } from './layout';

/** The brand of pages shown before the link is known to be good: nothing of any installation. */
export const NEUTRAL_BRAND: PageBrand = { name: 'Customer portal', colour: '#1F6FEB' };

export type Notice = 'not_found' | 'gone' | 'unavailable';

const NOTICES: Record<Notice, { status: number; title: string; text: string }> = {
  not_found: {
    status: 404,
    title: 'Page not found',
    text: 'There is no page at this address. Check the link in your e-mail.',
  },
  gone: {
    status: 410,
    title: 'This link is no longer valid',
    text: 'Ask the sender of your invoice for a new link.',
  },
  unavailable: {
    status: 503,
    title: 'Your account cannot be shown just now',
    text: 'Please try again in a few minutes.',
  },
};

/** A plain page that says what to do and reveals nothing about any account. */
export function noticePage(notice: Notice, nonce: string, brand: PageBrand = NEUTRAL_BRAND) {
  const { status, title, text } = NOTICES[notice];
  return { status, html: layout({ title, brand, nonce, body: `<h1>${title}</h1>\n<p>${text}</p>` }) };
}
