import { RE2JS } from "re2js";

/** A custom location-data field definition (custom_data_fields). */
export interface FieldDef {
  slug: string;
  label: string;
  isRequired: boolean;
  choices: string[] | null;
  regex: string | null;
}

/**
 * `CustomDataFieldsDefinition` validation as HQ's `validate_custom_fields`: for every field the required,
 * choices and regex checks each add their message (a field may fail more than one); the regex is searched
 * anywhere in the value (`re.search`), not anchored. Messages joined by a space; "" when valid.
 */
export function validateLocationData(data: Record<string, unknown>, fields: FieldDef[]): string {
  const errors: string[] = [];
  for (const f of fields) {
    const raw = data[f.slug];
    const value = raw === undefined || raw === null ? "" : String(raw);
    if (f.isRequired && value === "") errors.push(`${f.label} is required.`);
    if (value === "") continue;
    if (f.choices && f.choices.length && !f.choices.includes(value)) {
      errors.push(`'${value}' is not a valid choice for ${f.label}. The available options are: ${f.choices.join(", ")}.`);
    }
    if (f.regex && !searches(f.regex, value)) errors.push(`'${value}' is not a valid match for ${f.label}`);
  }
  return errors.join(" ");
}

/**
 * `re.search(regex, value)` in linear time: the pattern comes from the domain's field definitions and
 * the value from the request, so a backtracking engine would let either stall the Worker (ReDoS).
 * RE2 has no backreferences or lookaround; a pattern it cannot compile matches nothing.
 */
function searches(regex: string, value: string): boolean {
  try {
    return RE2JS.compile(regex).test(value);
  } catch {
    return false;
  }
}
