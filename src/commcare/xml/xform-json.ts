import { childScope, localName, namespaceOf, type NsScope, type XmlElement } from "./parse";

export type JsonValue = string | JsonValue[] | { [key: string]: JsonValue };

/**
 * An XForm instance as CommCare's form JSON (couchforms xml2json): the root becomes an object with
 * `#type` (its tag) and `@xmlns`; attributes become `@name`; child elements become keys (local
 * names, repeated ones a list); a leaf is its text; an element with attributes and text keeps the
 * text under `#text`. A child whose namespace differs from its parent's carries its own `@xmlns`.
 */
export function xformToJson(root: XmlElement): { [key: string]: JsonValue } {
  const scope = childScope(root, {});
  const out = elementObject(root, scope, null);
  return { "#type": localName(root.name), ...out };
}

function elementObject(el: XmlElement, scope: NsScope, parentNs: string | null): { [key: string]: JsonValue } {
  const obj: { [key: string]: JsonValue } = {};
  const ns = namespaceOf(el, scope);
  if (ns && ns !== parentNs) obj["@xmlns"] = ns;
  for (const [name, value] of el.attrs) {
    if (name === "xmlns" || name.startsWith("xmlns:")) continue;
    obj[`@${localName(name)}`] = value;
  }
  let text = "";
  let hasChildren = false;
  for (const child of el.children) {
    if (typeof child === "string") {
      text += child;
      continue;
    }
    hasChildren = true;
    const childNsScope = childScope(child, scope);
    const value = elementValue(child, childNsScope, ns);
    const key = localName(child.name);
    const existing = obj[key];
    if (existing === undefined) obj[key] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else obj[key] = [existing, value];
  }
  if (!hasChildren && text.trim() === "") text = "";
  if (text.trim() !== "" || (!hasChildren && text)) obj["#text"] = text;
  return obj;
}

function elementValue(el: XmlElement, scope: NsScope, parentNs: string): JsonValue {
  const obj = elementObject(el, scope, parentNs);
  const keys = Object.keys(obj);
  if (keys.length === 0) return "";
  if (keys.length === 1 && keys[0] === "#text") return obj["#text"]!;
  return obj;
}
