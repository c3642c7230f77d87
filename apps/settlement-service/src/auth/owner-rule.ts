import type { Database } from '../store/database';
import type { AuthenticatedRequest } from './principal';

/**
 * How to find the person who owns what a request acts on, so a `holder` token may act only on
 * its own things. `lookup` answers the owner's personId, or null/undefined when there is none
 * (then the holder is refused with 403 before the handler runs; bureau still gets the 404).
 */
export interface OwnerRule {
  /** For the OpenAPI description, e.g. "the holder of the binding". */
  readonly describe: string;
  readonly lookup: (request: AuthenticatedRequest, db: Database) => Promise<string | null | undefined>;
}

function pathParam(request: AuthenticatedRequest, name: string): string | undefined {
  const value = (request.params as Record<string, string | undefined>)[name];
  return typeof value === 'string' ? value : undefined;
}

async function singleValue(db: Database, sql: string, param: string | undefined): Promise<string | null> {
  if (param === undefined) return null;
  const rows = await db.query<{ owner: string }>(sql, [param]);
  return rows[0]?.owner ?? null;
}

/** Ready-made owner rules for the HTTP API (the lead's decision endpoint uses `authorizationHolder`). */
export const OWNER = {
  /** The person named by a path parameter (default `personId`). */
  personParam: (name = 'personId'): OwnerRule => ({
    describe: `the person in path parameter ${name}`,
    lookup: async (request) => pathParam(request, name),
  }),

  /** The merchant in path parameter `merchantId`. */
  merchantParam: {
    describe: 'the merchant in path parameter merchantId',
    lookup: async (request) => pathParam(request, 'merchantId'),
  } satisfies OwnerRule,

  /** The person (or merchant) named by a JSON body field (the body is parsed but not yet validated). */
  bodyField: (field: string): OwnerRule => ({
    describe: `body field ${field}`,
    lookup: async (request) => {
      const body = request.body as Record<string, unknown> | undefined;
      const value = body?.[field];
      return typeof value === 'string' ? value : undefined;
    },
  }),

  /** The holder of the binding in path parameter `bindingId`. */
  bindingHolder: {
    describe: 'the holder of the binding',
    lookup: (request, db) =>
      singleValue(db, 'SELECT holder_id AS owner FROM bindings WHERE binding_id = $1', pathParam(request, 'bindingId')),
  } satisfies OwnerRule,

  /** The holder who pays the contribution in path parameter `contributionId`. */
  contributionHolder: {
    describe: 'the holder who pays the contribution',
    lookup: (request, db) =>
      singleValue(
        db,
        'SELECT holder_id AS owner FROM contributions WHERE contribution_id = $1',
        pathParam(request, 'contributionId'),
      ),
  } satisfies OwnerRule,

  /** The holder asked to approve the authorization in path parameter `authorizationId`. */
  authorizationHolder: {
    describe: 'the holder the authorization was requested from',
    lookup: (request, db) =>
      singleValue(
        db,
        'SELECT holder_id AS owner FROM authorizations WHERE authorization_id = $1',
        pathParam(request, 'authorizationId'),
      ),
  } satisfies OwnerRule,
} as const;
