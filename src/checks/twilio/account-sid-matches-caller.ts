import type { Check } from '../check.js';
import { isApi } from '../check.js';
import { perResource } from '../util.js';

export const accountSidMatchesCaller: Check = {
  id: 'twilio.account-sid-matches-caller',
  severity: 'error',
  description: 'Every resource belongs to the account that asked: account_sid equals the caller\'s account SID.',
  appliesTo: isApi('twilio-video', 'twilio-insights'),
  run(exchange, context) {
    const caller = context.accountSid;
    if (!caller) return [];
    return perResource(exchange, context, (value, at) =>
      typeof value.account_sid === 'string' && value.account_sid !== caller
        ? {
            path: at('account_sid'),
            expected: caller,
            actual: value.account_sid,
            message: 'account_sid is not the caller\'s account.',
            hint: 'A resource of another account must be a 404, never returned.',
          }
        : undefined,
    );
  },
};
