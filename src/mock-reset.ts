/**
 * The embedded mock's reset route: `POST` here puts a mock back to its seeded dataset (kicks undone,
 * the churn schedule and the fault counters from the start). The mock serves it (src/mock/app.ts);
 * explore's stateful sequences call it on the mock's own copy of the room, never on a live target.
 */
export const MOCK_RESET_PATH = '/__mock/reset';
