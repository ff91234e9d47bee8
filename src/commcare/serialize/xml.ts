import { escapeText, XML_DECLARATION } from "../xml/write";

/**
 * tastypie's generic XML (Serializer.to_etree): objects become elements with `type="hash"` (children
 * sorted by tag), lists `type="list"` of `<object>` (objects) or `<value>` (scalars), numbers
 * `type="integer"`/`"float"`, booleans `type="boolean"` (True/False), null `type="null"`.
 */
export function toTastypieXml(data: unknown, root: "response" | "object"): string {
  return XML_DECLARATION + xmlNode(root, data, true);
}

export function xmlNode(tag: string, value: unknown, isRoot = false): string {
  if (value === null || value === undefined) return `<${tag} type="null"/>`;
  if (typeof value === "boolean") return `<${tag} type="boolean">${value ? "True" : "False"}</${tag}>`;
  if (typeof value === "number") {
    const type = Number.isInteger(value) ? "integer" : "float";
    return `<${tag} type="${type}">${value}</${tag}>`;
  }
  if (typeof value === "string") return value === "" ? `<${tag}/>` : `<${tag}>${escapeText(value)}</${tag}>`;
  if (Array.isArray(value)) {
    const items = value.map((v) => (v && typeof v === "object" && !Array.isArray(v) ? xmlNode("object", v, true) : xmlNode("value", v)));
    return `<${tag} type="list">${items.join("")}</${tag}>`;
  }
  const entries = Object.keys(value as object)
    .sort()
    .map((k) => xmlNode(k, (value as Record<string, unknown>)[k]));
  const type = isRoot ? "" : ' type="hash"';
  return entries.length ? `<${tag}${type}>${entries.join("")}</${tag}>` : `<${tag}${type}/>`;
}
