// Public API of the pure settlement domain (@gongji/domain). No I/O, no clock: "now" is a parameter.
export * from './money';
export * from './month-key';
export * from './china-date';

export * from './model/relationship';
export * from './model/item-category';
export * from './model/contribution-scheme';
export * from './model/person';
export * from './model/account';
export * from './model/merchant';
export * from './model/charge';
export * from './model/binding';
export * from './model/funding-source';

export * from './region-policy';
export * from './region-scope';
export * from './validate-policy-fields';
export * from './policy-book';
export * from './resolve-policy-at';
export * from './policy-of-version';
export * from './check-policy-version';
export * from './built-in-policy-book';

export * from './available-money';
export * from './item-payability';
export * from './check-binding-standing';
export * from './is-funding-source-effective';

export * from './charge-rejection';
export * from './check-charge-arithmetic';
export * from './check-charge-admission';
export * from './charge-decision';
export * from './allocate-in-payment-order';
export * from './settle-charge';
export * from './resolve-authorization';
export * from './reverse-settlement';

export * from './binding-refusal';
export * from './check-monthly-limit';
export * from './check-binding-eligibility';

export * from './model/contribution';
export * from './contribution-rejection';
export * from './decide-contribution';
export * from './refund-contribution';

export * from './ledger/ledger-accounts';
export * from './ledger/journal-entry';
export * from './ledger/settlement-entry';
export * from './ledger/reversal-entry';
export * from './ledger/credit-entry';
export * from './ledger/contribution-entry';
export * from './ledger/contribution-refund-entry';

export * from './reconciliation/compare-day-totals';
export * from './statements/china-month';
export * from './statements/build-statement';
