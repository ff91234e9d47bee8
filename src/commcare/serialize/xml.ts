import { escapeAttr, escapeText, XML_DECLARATION } from "../xml/write";

/**
 * tastypie's generic XML (`Serializer.to_etree`): a dict becomes an element with `type="hash"`
 * (children sorted by tag) except at the root and for a resource's own objects (bundles), which have
 * no type; lists are `type="list"` of `<object>` (dicts) or `<value>` (scalars); numbers get
 * `type="integer"`/`"float"`, booleans `type="boolean"` (True/False), null `type="null"`.
 *
 * `idAttribute` is HQ's `CustomXMLSerializer` (`corehq/apps/api/serializers.py`, the serializer of
 * `CustomResourceMeta`: applications, bulk users): an element's `<id>` child becomes its `id`
 * attribute, at every level. Locations and location types are plain ModelResources and keep `<id>`.
 */
export interface XmlOptions {
  idAttribute?: boolean;
}

export function toTastypieXml(data: unknown, root: "response" | "object", opts: XmlOptions = {}): string {
  const body = root === "object" ? xmlNode("object", data, true, opts) : responseNode(data, opts);
  return XML_DECLARATION + body;
}

/** The `<response>` of a list: its `objects` are the resource's bundles (no `type`). */
function responseNode(data: unknown, opts: XmlOptions): string {
  if (!data || typeof data !== "object" || Array.isArray(data)) return xmlNode("response", data, true, opts);
  const children = Object.keys(data)
    .sort()
    .map((k) => {
      const v = (data as Record<string, unknown>)[k];
      return k === "objects" && Array.isArray(v) ? listNode(k, v, true, opts) : xmlNode(k, v, false, opts);
    });
  return children.length ? `<response>${children.join("")}</response>` : "<response/>";
}

function listNode(tag: string, items: unknown[], bundles: boolean, opts: XmlOptions): string {
  const inner = items.map((v) =>
    v && typeof v === "object" && !Array.isArray(v) ? xmlNode("object", v, bundles, opts) : xmlNode("value", v, false, opts),
  );
  return inner.length ? `<${tag} type="list">${inner.join("")}</${tag}>` : `<${tag} type="list"/>`;
}

/** One value as an element; `untyped` for the root and for bundles (no `type="hash"`). */
export function xmlNode(tag: string, value: unknown, untyped = false, opts: XmlOptions = {}): string {
  if (value === null || value === undefined) return `<${tag} type="null"/>`;
  if (typeof value === "boolean") return `<${tag} type="boolean">${value ? "True" : "False"}</${tag}>`;
  if (typeof value === "number") {
    const type = Number.isInteger(value) ? "integer" : "float";
    return `<${tag} type="${type}">${value}</${tag}>`;
  }
  if (typeof value === "string") return value === "" ? `<${tag}/>` : `<${tag}>${escapeText(value)}</${tag}>`;
  if (Array.isArray(value)) return listNode(tag, value, false, opts);
  const record = value as Record<string, unknown>;
  const hoist = opts.idAttribute === true && "id" in record;
  const entries = Object.keys(record)
    .sort()
    .filter((k) => !(hoist && k === "id"))
    .map((k) => xmlNode(k, record[k], false, opts));
  let attrs = untyped ? "" : ' type="hash"';
  if (hoist) attrs += ` id="${escapeAttr(idText(record.id))}"`;
  return entries.length ? `<${tag}${attrs}>${entries.join("")}</${tag}>` : `<${tag}${attrs}/>`;
}

/** `findtext` of the `<id>` element tastypie would have written. */
const idText = (v: unknown) =>
  v === null || v === undefined ? "" : typeof v === "boolean" ? (v ? "True" : "False") : typeof v === "object" ? "" : String(v);
