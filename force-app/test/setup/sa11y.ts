import { registerSa11yMatcher } from '@sa11y/jest';

// `await expect(element).toBeAccessible()` in every component test, as lwc-recipes does.
registerSa11yMatcher();
