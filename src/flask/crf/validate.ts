import { isRealInstant as realDate } from "../../lib/iso-date";
import type { FieldError } from "../../lib/problem";

/** One item of a Forms CRF definition (forms.items), in display / CSV order. */
export interface FormItem {
  name: string;
  type: "int" | "number" | "text" | "date" | "datetime" | "boolean" | "code";
  /** Allowed code values of a "code" item (flaskdata-api.md §2.2 TIPS: 1/2, not 0/1). */
  codes?: (number | string)[];
  label?: string;
}

const ITEM_TYPES = new Set(["int", "number", "text", "date", "datetime", "boolean", "code"]);

/** forms.items JSON as a list; anything malformed yields []. */
export function parseItems(json: string): FormItem[] {
  try {
    const v = JSON.parse(json);
    return Array.isArray(v) ? v.filter((i) => i && typeof i.name === "string" && ITEM_TYPES.has(i.type)) : [];
  } catch {
    return [];
  }
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Why `value` does not fit `item`, or null when it does. null values always fit (they clear the item). */
export function itemError(item: FormItem, value: unknown): string | null {
  if (value === null) return null;
  switch (item.type) {
    case "int":
      return typeof value === "number" && Number.isSafeInteger(value) ? null : "must be an integer (a JSON number)";
    case "number":
      return typeof value === "number" && Number.isFinite(value) ? null : "must be a number (a JSON number)";
    case "text":
      return typeof value === "string" && value.length <= 10_000 ? null : "must be a string of at most 10000 characters";
    case "boolean":
      return typeof value === "boolean" ? null : "must be true or false";
    case "date":
      return typeof value === "string" && DATE.test(value) && realDate(value) ? null : "must be a date YYYY-MM-DD";
    case "datetime":
      return typeof value === "string" && (DATETIME.test(value) || DATE.test(value)) && realDate(value)
        ? null
        : "must be an ISO-8601 date-time";
    case "code":
      return item.codes?.some((c) => c === value) ? null : `must be one of the codes ${JSON.stringify(item.codes ?? [])}`;
  }
}

/** Every problem of a CRF data object against the form's items; `base` is the JSON Pointer of the object. */
export function validateCrfData(items: FormItem[], data: Record<string, unknown>, base: string): FieldError[] {
  const byName = new Map(items.map((i) => [i.name, i]));
  const errors: FieldError[] = [];
  for (const [key, value] of Object.entries(data)) {
    const item = byName.get(key);
    const path = `${base}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`;
    if (!item) errors.push({ path, message: "is not an item of this CRF" });
    else {
      const err = itemError(item, value);
      if (err) errors.push({ path, message: `${key} ${err}` });
    }
  }
  return errors;
}

/** A new CRF data id: 10 upper-case base-36 characters (the Forms `dataId` of §3.10). */
export function newCrfDataId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(10));
  return [...bytes].map((b) => "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"[b % 36]).join("");
}
