import { Button, Flex, Text } from '@hubspot/ui-extensions';
import type { ListPage } from '../generated/cardData';

/** "Showing newest 25 of 60" with buttons to page through the rest (the newest first). */
export function ListPager({
  what,
  page,
  shown,
  onPage,
}: {
  /** The list's name, plural: "invoices". */
  what: string;
  page: ListPage;
  /** How many rows this page holds. */
  shown: number;
  onPage: (page: number) => void;
}) {
  const first = (page.page - 1) * page.pageSize + 1;
  const last = first + shown - 1;
  const hasOlder = page.total === null ? shown === page.pageSize : last < page.total;
  const of = page.total === null ? '' : ` of ${page.total}`;
  const summary =
    page.page === 1 ? `Showing newest ${shown}${of} ${what}` : `Showing ${what} ${first}–${last}${of}`;
  if (page.page === 1 && !hasOlder) return null;
  return (
    <Flex direction="row" gap="sm" align="center">
      <Text variant="microcopy">{summary}</Text>
      <Button size="xs" variant="secondary" disabled={page.page === 1} onClick={() => onPage(page.page - 1)}>
        {`Newer ${what}`}
      </Button>
      <Button size="xs" variant="secondary" disabled={!hasOlder} onClick={() => onPage(page.page + 1)}>
        {`Show more ${what}`}
      </Button>
    </Flex>
  );
}
