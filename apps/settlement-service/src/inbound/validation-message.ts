import { ValidationError } from 'class-validator';

export interface FieldProblem {
  field: string;
  problem: string;
}

/** Flattens class-validator's tree into `items[2].fundPaidFen: ...` lines an integrator can act on. */
export function fieldProblems(errors: ValidationError[], prefix = ''): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const e of errors) {
    const path = /^\d+$/.test(e.property)
      ? `${prefix}[${e.property}]`
      : prefix
        ? `${prefix}.${e.property}`
        : e.property;
    for (const msg of Object.values(e.constraints ?? {})) out.push({ field: path, problem: msg });
    if (e.children?.length) out.push(...fieldProblems(e.children, path));
  }
  return out;
}

export function describeProblems(problems: FieldProblem[]): string {
  return problems
    .slice(0, 5)
    .map((p) => `${p.field}: ${p.problem}`)
    .join('; ');
}
