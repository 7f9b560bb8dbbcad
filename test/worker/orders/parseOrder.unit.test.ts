import { parseOrderJson, parseOrderXml } from '../../../worker/orders/parseOrder';

const xml = (
  overrides: { lines?: string; total?: string; payment?: string; head?: string } = {},
) => `<?xml version="1.0" encoding="UTF-8"?>
${overrides.head ?? ''}<order>
  <id>WEB-10042</id>
  <placedAt>2031-05-14T09:30:00Z</placedAt>
  <currency>USD</currency>
  <customer><email>buyer@shop.example</email><name>Fish &amp; Chips Ltd</name><accountNumber>ACME-7</accountNumber></customer>
  ${overrides.payment ?? '<payment><method>card</method><reference>pi_123</reference></payment>'}
  <lines>
    ${
      overrides.lines ??
      `<line><sku>W-1</sku><description>Widget</description><quantity>2</quantity><unitPrice>12.50</unitPrice></line>
    <line><sku>D-1</sku><description>Delivery</description><quantity>1</quantity><unitPrice>5</unitPrice></line>`
    }
  </lines>
  <total>${overrides.total ?? '30.00'}</total>
</order>`;

describe('an order posted as XML or JSON', () => {
  it('reads a good order, decoding XML escapes, with its lines in order', () => {
    const parsed = parseOrderXml(xml());
    expect(parsed).toEqual({
      ok: true,
      order: {
        id: 'WEB-10042',
        placedAt: '2031-05-14T09:30:00Z',
        currency: 'USD',
        customer: { email: 'buyer@shop.example', name: 'Fish & Chips Ltd', accountNumber: 'ACME-7' },
        payment: { method: 'card', reference: 'pi_123' },
        lines: [
          { sku: 'W-1', description: 'Widget', quantity: 2, unitPrice: 12.5 },
          { sku: 'D-1', description: 'Delivery', quantity: 1, unitPrice: 5 },
        ],
        total: 30,
      },
    });
    // The same order as JSON reads the same.
    if (!parsed.ok) throw new Error('unreachable');
    expect(parseOrderJson(parsed.order)).toEqual(parsed);
  });

  it('names the element of each problem', () => {
    const parsed = parseOrderXml(
      xml({
        lines: `<line><sku>W-1</sku><description>Widget</description><quantity>2</quantity><unitPrice>12.50</unitPrice></line>
        <line><sku>D-1</sku><description>Delivery</description><quantity>none</quantity><unitPrice>5.001</unitPrice></line>`,
        payment: '<payment><method>card</method></payment>',
      }),
    );
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const at = parsed.problems.map((p) => p.at);
    expect(at).toEqual(
      expect.arrayContaining([
        'order.lines.line[2].quantity',
        'order.lines.line[2].unitPrice',
        'order.payment.reference',
      ]),
    );
  });

  it("refuses a total that is not the lines' sum, and an order without lines", () => {
    expect(parseOrderXml(xml({ total: '31.00' }))).toEqual({
      ok: false,
      problems: [{ at: 'order.total', message: "must equal the lines' sum (30.00)" }],
    });
    const empty = parseOrderXml(xml({ lines: '', total: '0' }));
    expect(empty.ok || empty.problems.map((p) => p.at)).toEqual(['order.lines']);
  });

  it('refuses malformed XML and a root other than <order>', () => {
    const broken = parseOrderXml('<order><id>WEB-1</id>');
    expect(broken.ok || broken.problems[0]?.message).toMatch(/^not well-formed XML/);
    const other = parseOrderXml('<invoice><id>1</id></invoice>');
    expect(other.ok || other.problems[0]?.message).toBe('the root element must be <order>');
  });

  it('refuses an entity bomb and an external entity before parsing, in under 50 ms', () => {
    const laughs = [
      '<!DOCTYPE lolz [',
      '<!ENTITY lol "lol">',
      ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`),
      ']>',
    ].join('\n');
    const started = performance.now();
    const bomb = parseOrderXml(xml({ head: laughs, lines: '<line><sku>&lol9;</sku></line>' }));
    expect(performance.now() - started).toBeLessThan(50);
    expect(bomb).toEqual({
      ok: false,
      problems: [{ at: 'order', message: 'a document type declaration (DOCTYPE or ENTITY) is not accepted' }],
    });
    const external = parseOrderXml(
      xml({ head: '<!DOCTYPE order [<!ENTITY x SYSTEM "file:///etc/passwd">]>' }),
    );
    expect(external.ok).toBe(false);
  });

  it('names JSON fields with zero-based line indexes', () => {
    const parsed = parseOrderJson({ id: 'bad id!', lines: [{}] });
    expect(parsed.ok || parsed.problems.map((p) => p.at)).toEqual(
      expect.arrayContaining(['order.id', 'order.lines[0].sku', 'order.customer']),
    );
  });
});
