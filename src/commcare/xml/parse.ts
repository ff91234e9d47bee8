import { XMLParser, XMLValidator } from "fast-xml-parser";

/**
 * OpenRosa submissions and CaseXML (workerd has no DOM parser), read by fast-xml-parser: its
 * validator checks well-formedness, its parser builds the tree, both without recursion. Namespace
 * prefixes are kept as written (`n0:meta`); `resolveNs` maps them. A DOCTYPE or ENTITY declaration
 * is refused before either runs (no XXE, no entity expansion bombs); entity and character
 * references are decoded here, so only the five predefined entities exist. Depth and element count
 * are bounded so that no document makes the callers' tree walks (textOf, xformToJson, case blocks)
 * deep or long.
 */
export interface XmlElement {
  name: string;
  attrs: [string, string][];
  children: XmlNode[];
}
export type XmlNode = XmlElement | string;

/** Deeper is refused: real XForms nest groups and repeats a handful of levels, libxml2 stops at 256. */
export const MAX_XML_DEPTH = 100;
/** More elements are refused: a large form with repeats has a few thousand. */
export const MAX_XML_ELEMENTS = 50_000;

export class XmlError extends Error {
  constructor(
    readonly reason: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(line === undefined ? reason : `${reason}: line ${line}, column ${column ?? 1}`);
  }
}

const ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
/** Names cannot contain U+0001, so the mark keeps `constructor` or `__proto__` elements from being object keys. */
const MARK = "\u0001";
const mark = (name: string) => (name.startsWith(MARK) ? name : MARK + name);

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  cdataPropName: "#cdata",
  maxNestedTags: MAX_XML_DEPTH,
  transformTagName: mark,
  transformAttributeName: mark,
});

function position(text: string, at: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i >= 0 && i < at; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: at - lineStart + 1 };
}

const failAt = (text: string, reason: string, at: number): never => {
  const { line, column } = position(text, Math.max(0, at));
  throw new XmlError(reason, line, column);
};

/** Where the first `<!` that is neither a comment nor CDATA starts (a DOCTYPE, ENTITY, ...), or -1. */
function declarationAt(text: string): number {
  for (let i = text.indexOf("<!"); i >= 0; ) {
    const close = text.startsWith("<!--", i) ? "-->" : text.startsWith("<![CDATA[", i) ? "]]>" : null;
    if (!close) return i;
    const end = text.indexOf(close, i + 4);
    if (end < 0) return -1;
    i = text.indexOf("<!", end + close.length);
  }
  return -1;
}

/** At least the number of start tags: every `<` that opens neither an end tag, a comment nor a PI (CDATA may hold more). */
function startTagBound(text: string): number {
  let n = 0;
  for (let i = text.indexOf("<"); i >= 0; i = text.indexOf("<", i + 1)) {
    const next = text[i + 1];
    if (next !== "/" && next !== "!" && next !== "?") n++;
  }
  return n;
}

/** The validator's reason in the words of expat (which HQ's parsers report), at its line and column. */
function validatorReason(msg: string): string {
  if (msg.startsWith("Expected closing tag")) return "mismatched tag";
  if (msg.startsWith("Unclosed tag") || msg.startsWith("Invalid '[") || msg === "Start tag expected.") return "no element found";
  if (msg.startsWith("Multiple possible root nodes") || msg.startsWith("Extra text at the end")) return "junk after document element";
  if (msg.endsWith("is repeated.")) return "duplicate attribute";
  if (msg.startsWith("XML declaration allowed only")) return "XML or text declaration not at start of entity";
  return "not well-formed (invalid token)";
}

function decode(text: string, raw: string): string {
  return raw.replace(/&([^;&\s]*);?/g, (match, body: string) => {
    const at = text.indexOf(match);
    if (!match.endsWith(";")) failAt(text, "not well-formed (invalid token)", at);
    if (body.startsWith("#")) {
      const hex = body[1] === "x" || body[1] === "X";
      const digits = body.slice(hex ? 2 : 1);
      const code = (hex ? /^[0-9a-fA-F]{1,8}$/ : /^[0-9]{1,10}$/).test(digits) ? parseInt(digits, hex ? 16 : 10) : NaN;
      if (!Number.isFinite(code) || code > 0x10ffff || code === 0) failAt(text, "reference to invalid character number", at);
      return String.fromCodePoint(code);
    }
    const value = ENTITIES[body];
    if (value === undefined) failAt(text, `undefined entity &${body};`, at);
    return value!;
  });
}

type Ordered = Record<string, unknown>;

/** fast-xml-parser's ordered node list → XmlElement children (depth bounded by maxNestedTags). */
function toElement(text: string, node: Ordered, counter: { n: number }): XmlElement {
  const key = Object.keys(node).find((k) => k !== ":@")!;
  if (++counter.n > MAX_XML_ELEMENTS) throw new XmlError(`more than ${MAX_XML_ELEMENTS} elements`);
  const attrs = Object.entries((node[":@"] ?? {}) as Record<string, string>).map(([k, v]): [string, string] => [
    k.slice(MARK.length),
    decode(text, v).replace(/[\t\n\r]/g, " "),
  ]);
  const children: XmlNode[] = [];
  let textBuf = "";
  for (const child of node[key] as Ordered[]) {
    if ("#text" in child) textBuf += decode(text, String(child["#text"]));
    else if ("#cdata" in child) textBuf += (child["#cdata"] as Ordered[]).map((t) => String(t["#text"] ?? "")).join("");
    else {
      if (textBuf) children.push(textBuf);
      textBuf = "";
      children.push(toElement(text, child, counter));
    }
  }
  if (textBuf) children.push(textBuf);
  return { name: key.slice(MARK.length), attrs, children };
}

export function parseXml(input: string): XmlElement {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const declaration = declarationAt(text);
  if (declaration >= 0) failAt(text, "DOCTYPE and ENTITY declarations are not allowed", declaration);
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new XmlError(validatorReason(valid.err.msg), valid.err.line, valid.err.col);
  // Refuses most oversized documents before a tree is built; the slack leaves room for `<` in CDATA.
  if (startTagBound(text) > MAX_XML_ELEMENTS * 2) throw new XmlError(`more than ${MAX_XML_ELEMENTS} elements`);
  let tree: Ordered[];
  try {
    tree = parser.parse(text) as Ordered[];
  } catch (err) {
    if (err instanceof Error && err.message.startsWith("Maximum nested tags"))
      throw new XmlError(`elements nested more than ${MAX_XML_DEPTH} deep`);
    throw new XmlError(`not well-formed (${err instanceof Error ? err.message : String(err)})`);
  }
  const [root, ...more] = tree.filter((n) => !("#text" in n) && !("#cdata" in n));
  if (!root) throw new XmlError("no element found", 1, 1);
  // The validator lets a self-closing second root (`<a/><b/>`) through.
  if (more.length) throw new XmlError("junk after document element");
  return toElement(text, root, { n: 0 });
}

/** The text content of an element (its direct text and its descendants', in order). */
export function textOf(el: XmlElement): string {
  return el.children.map((c) => (typeof c === "string" ? c : textOf(c))).join("");
}

export const localName = (name: string) => name.slice(name.indexOf(":") + 1);
export const prefixOf = (name: string) => (name.includes(":") ? name.slice(0, name.indexOf(":")) : "");

/** Namespace bindings in scope: prefix ("" = default) -> URI. */
export type NsScope = Record<string, string>;

export function childScope(el: XmlElement, parent: NsScope): NsScope {
  let scope = parent;
  for (const [name, value] of el.attrs) {
    if (name === "xmlns") scope = { ...scope, "": value };
    else if (name.startsWith("xmlns:")) scope = { ...scope, [name.slice(6)]: value };
  }
  return scope;
}

export const namespaceOf = (el: XmlElement, scope: NsScope) => scope[prefixOf(el.name)] ?? "";

export const childElements = (el: XmlElement) => el.children.filter((c): c is XmlElement => typeof c !== "string");
