// A refusal whose message is written for the person who asked (a duplicate
// watchlist entry, the last admin, a backup already running): server actions
// show it as it is, instead of as an unexpected failure.
export class UserFacingError extends Error {}
