import { SALES_ROLE_ID, SEEDED_USERS } from '../../../sandbox/hubspot';
import { expectApiError, startHubSpot, type HubSpotHarness } from './harness';

/** Settings Users API (`GET /settings/v3/users/{userId}`) through the real SDK's UsersApi.getById. */
describe('HubSpot emulator: users', () => {
  let h: HubSpotHarness;
  beforeAll(async () => {
    h = await startHubSpot({ dataset: false });
    h.emulator.registerStaticToken(h.emulator.defaultPortalId, 'pat-na1-users-0001', ['settings.users.read']);
    h.emulator.registerStaticToken(h.emulator.defaultPortalId, 'pat-na1-no-users-01', [
      'crm.objects.deals.read',
    ]);
  });
  afterAll(async () => h.close());

  const users = (token = 'pat-na1-users-0001') => h.clientWith(token).settings.users.usersApi;
  const portal = () => h.emulator.defaultPortalId;

  it('answers the seeded super admin and the member of a role, deserialized into PublicUser', async () => {
    expect(await users().getById(SEEDED_USERS.admin.id)).toEqual({
      id: SEEDED_USERS.admin.id,
      email: `admin@portal-${portal()}.example.com`,
      firstName: 'Ada',
      lastName: 'Admin',
      superAdmin: true,
      roleIds: [],
    });
    expect(await users().getById(SEEDED_USERS.member.id)).toMatchObject({
      id: SEEDED_USERS.member.id,
      superAdmin: false,
      roleIds: [SALES_ROLE_ID],
      roleId: SALES_ROLE_ID,
    });
  });

  it('finds a user by e-mail with idProperty=EMAIL', async () => {
    const user = await users().getById(`member@portal-${portal()}.example.com`, 'EMAIL');
    expect(user.id).toBe(SEEDED_USERS.member.id);
  });

  it('an unknown user is a 404; a token without the users scope a 403 naming it', async () => {
    expect(await expectApiError(users().getById('999999'))).toMatchObject({
      code: 404,
      body: { category: 'OBJECT_NOT_FOUND' },
    });
    const refused = await expectApiError(users('pat-na1-no-users-01').getById(SEEDED_USERS.admin.id));
    expect(refused.code).toBe(403);
    expect(refused.body).toMatchObject({ category: 'MISSING_SCOPES' });
    expect(JSON.stringify(refused.body)).toContain('settings.users.read');
  });
});
