/** A custom location-data field definition (custom_data_fields). */
export interface FieldDef {
  slug: string;
  label: string;
  isRequired: boolean;
  choices: string[] | null;
  regex: string | null;
}

/**
 * `CustomDataFieldsDefinition` validation: every message, joined by a space; "" when valid.
 */
export function validateLocationData(data: Record<string, unknown>, fields: FieldDef[]): string {
  const errors: string[] = [];
  for (const f of fields) {
    const raw = data[f.slug];
    const value = raw === undefined || raw === null ? "" : String(raw);
    if (f.isRequired && value === "") {
      errors.push(`${f.label} is required.`);
      continue;
    }
    if (value === "") continue;
    if (f.choices && f.choices.length && !f.choices.includes(value)) {
      errors.push(`'${value}' is not a valid choice for ${f.label}. The available options are: ${f.choices.join(", ")}.`);
    } else if (f.regex) {
      let ok = false;
      try {
        ok = new RegExp(`^(?:${f.regex})`).test(value);
      } catch {
        ok = false;
      }
      if (!ok) errors.push(`'${value}' is not a valid match for ${f.label}`);
    }
  }
  return errors.join(" ");
}
