/** TypeORM entity classes, registered here (no globs) so the compiled app and the tests agree. */
export const ENTITIES: Function[] = [];
