import { notifyRecordUpdateAvailable } from 'lightning/uiRecordApi';
import requestResync from '@salesforce/apex/LedgerbridgeResync.requestResync';
// Relative: force-app/tsconfig.json maps c/ names only for the components it lists.
import LedgerbridgeResyncAction from '../ledgerbridgeResyncAction';
import { flushPromises, mount, resetDom } from '../../../../../test/jest-mocks/mount';
import answers from './data/resyncAnswers.json';

jest.mock('@salesforce/apex/LedgerbridgeResync.requestResync', () => ({ default: jest.fn() }), {
  virtual: true,
});

type ActionElement = HTMLElement & { shadowRoot: ShadowRoot; invoke(): Promise<void> };

/** The action as the record page runs it: mounted with the record's ID, then invoked. */
function render(recordId: string | undefined) {
  const element = mount('c-ledgerbridge-resync-action', LedgerbridgeResyncAction, {
    recordId,
  }) as ActionElement;
  const toasts: Array<{ title: string; message: string; variant: string }> = [];
  element.addEventListener('lightning__showtoast', (e) => toasts.push((e as CustomEvent).detail));
  return { element, toasts };
}

describe('c-ledgerbridge-resync-action', () => {
  afterEach(() => {
    resetDom();
    jest.clearAllMocks();
  });

  it('asks the worker through Apex, confirms in a toast and refreshes the record', async () => {
    jest.mocked(requestResync).mockResolvedValue(answers.accepted);
    const { element, toasts } = render(answers.opportunityId);
    await element.invoke();

    expect(requestResync).toHaveBeenCalledWith({ opportunityId: answers.opportunityId });
    expect(toasts).toEqual([
      {
        title: 'Re-sync requested',
        message: 'Ledgerbridge is syncing this opportunity with Xero.',
        variant: 'success',
      },
    ]);
    expect(notifyRecordUpdateAvailable).toHaveBeenCalledWith([{ recordId: answers.opportunityId }]);
    await expect(element).toBeAccessible();
  });

  it('says in an error toast why the worker could not be asked, and leaves the record alone', async () => {
    jest.mocked(requestResync).mockRejectedValue(answers.notConnected);
    const { element, toasts } = render(answers.opportunityId);
    await element.invoke();

    expect(toasts).toEqual([
      {
        title: 'Re-sync not requested',
        message: answers.notConnected.body.message,
        variant: 'error',
      },
    ]);
    expect(notifyRecordUpdateAvailable).not.toHaveBeenCalled();
  });

  it('sends one request while one is out, and another once it has come back', async () => {
    let answer: (value: string) => void = () => undefined;
    jest.mocked(requestResync).mockImplementation(() => new Promise((resolve) => (answer = resolve)));
    const { element } = render(answers.opportunityId);
    const first = element.invoke();
    await element.invoke();
    expect(requestResync).toHaveBeenCalledTimes(1);
    answer(answers.accepted);
    await first;
    await flushPromises();

    jest.mocked(requestResync).mockResolvedValue(answers.accepted);
    await element.invoke();
    expect(requestResync).toHaveBeenCalledTimes(2);
  });

  it('does nothing without a record', async () => {
    const { element, toasts } = render(undefined);
    await element.invoke();
    expect(requestResync).not.toHaveBeenCalled();
    expect(toasts).toEqual([]);
  });
});
