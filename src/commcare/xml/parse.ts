/**
 * A small, strict XML 1.0 parser for OpenRosa submissions and CaseXML (workerd has no DOM parser).
 * Elements, attributes, text, CDATA, comments, processing instructions, the five predefined entities
 * and character references. Namespace prefixes are kept as written (`n0:meta`); `resolveNs` maps
 * them. DOCTYPE (and with it ENTITY declarations) is rejected: no XXE, no entity expansion bombs.
 */
export interface XmlElement {
  name: string;
  attrs: [string, string][];
  children: XmlNode[];
}
export type XmlNode = XmlElement | string;

export class XmlError extends Error {
  constructor(
    readonly reason: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${reason}: line ${line}, column ${column}`);
  }
}

const NAME_START = /[A-Za-z_:\u00C0-\uFFFF]/;
const NAME_CHAR = /[A-Za-z0-9_:.\-\u00B7\u00C0-\uFFFF]/;
const ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

export function parseXml(text: string): XmlElement {
  let pos = 0;
  if (text.charCodeAt(0) === 0xfeff) pos = 1;

  const fail = (reason: string, at = pos): never => {
    let line = 1;
    let col = 1;
    for (let i = 0; i < at && i < text.length; i++) {
      if (text[i] === "\n") {
        line++;
        col = 1;
      } else col++;
    }
    throw new XmlError(reason, line, col);
  };
  const startsWith = (s: string) => text.startsWith(s, pos);
  const skipSpace = () => {
    while (pos < text.length && /\s/.test(text[pos]!)) pos++;
  };
  const readName = () => {
    const start = pos;
    if (pos >= text.length || !NAME_START.test(text[pos]!)) fail("not well-formed (invalid token)");
    pos++;
    while (pos < text.length && NAME_CHAR.test(text[pos]!)) pos++;
    return text.slice(start, pos);
  };
  const decode = (raw: string, at: number): string =>
    raw.replace(/&([^;&\s]*);?/g, (match, body: string, offset: number) => {
      if (!match.endsWith(";")) fail("not well-formed (invalid token)", at + offset);
      if (body.startsWith("#x") || body.startsWith("#X")) {
        const code = /^[0-9a-fA-F]+$/.test(body.slice(2)) ? parseInt(body.slice(2), 16) : NaN;
        if (!Number.isFinite(code) || code > 0x10ffff || code === 0) fail("reference to invalid character number", at + offset);
        return String.fromCodePoint(code);
      }
      if (body.startsWith("#")) {
        const code = /^[0-9]+$/.test(body.slice(1)) ? parseInt(body.slice(1), 10) : NaN;
        if (!Number.isFinite(code) || code > 0x10ffff || code === 0) fail("reference to invalid character number", at + offset);
        return String.fromCodePoint(code);
      }
      const value = ENTITIES[body];
      if (value === undefined) fail(`undefined entity &${body};`, at + offset);
      return value!;
    });
  /** Comments, PIs and whitespace between markup outside the root element. */
  const skipMisc = (allowDecl: boolean) => {
    for (;;) {
      skipSpace();
      if (startsWith("<?xml") && /[\s?]/.test(text[pos + 5] ?? "")) {
        if (!allowDecl || pos > (text.charCodeAt(0) === 0xfeff ? 1 : 0)) fail("XML or text declaration not at start of entity");
        const end = text.indexOf("?>", pos);
        if (end < 0) fail("unclosed token");
        pos = end + 2;
      } else if (startsWith("<?")) {
        const end = text.indexOf("?>", pos);
        if (end < 0) fail("unclosed token");
        pos = end + 2;
      } else if (startsWith("<!--")) {
        const end = text.indexOf("-->", pos + 4);
        if (end < 0) fail("unclosed token");
        pos = end + 3;
      } else if (startsWith("<!DOCTYPE") || startsWith("<!ENTITY")) {
        fail("DOCTYPE and ENTITY declarations are not allowed");
      } else return;
      allowDecl = false;
    }
  };

  const parseElement = (): XmlElement => {
    if (text[pos] !== "<") fail("not well-formed (invalid token)");
    pos++;
    const name = readName();
    const attrs: [string, string][] = [];
    for (;;) {
      const before = pos;
      skipSpace();
      if (startsWith("/>")) {
        pos += 2;
        return { name, attrs, children: [] };
      }
      if (text[pos] === ">") {
        pos++;
        break;
      }
      if (pos >= text.length) fail("unclosed token");
      if (pos === before) fail("not well-formed (invalid token)");
      const attrAt = pos;
      const attr = readName();
      skipSpace();
      if (text[pos] !== "=") fail("not well-formed (invalid token)");
      pos++;
      skipSpace();
      const quote = text[pos];
      if (quote !== '"' && quote !== "'") fail("not well-formed (invalid token)");
      const end = text.indexOf(quote!, pos + 1);
      if (end < 0) fail("unclosed token");
      const raw = text.slice(pos + 1, end);
      if (raw.includes("<")) fail("not well-formed (invalid token)", pos + 1 + raw.indexOf("<"));
      if (attrs.some(([n]) => n === attr)) fail("duplicate attribute", attrAt);
      attrs.push([attr, decode(raw, pos + 1).replace(/[\t\n\r]/g, " ")]);
      pos = end + 1;
    }
    const children: XmlNode[] = [];
    let textBuf = "";
    const flush = () => {
      if (textBuf) children.push(textBuf);
      textBuf = "";
    };
    for (;;) {
      if (pos >= text.length) fail("no element found");
      if (startsWith("</")) {
        const closeAt = pos;
        pos += 2;
        const closing = readName();
        skipSpace();
        if (text[pos] !== ">") fail("not well-formed (invalid token)");
        if (closing !== name) fail("mismatched tag", closeAt);
        pos++;
        flush();
        return { name, attrs, children };
      }
      if (startsWith("<![CDATA[")) {
        const end = text.indexOf("]]>", pos + 9);
        if (end < 0) fail("unclosed CDATA section");
        textBuf += text.slice(pos + 9, end);
        pos = end + 3;
      } else if (startsWith("<!--")) {
        const end = text.indexOf("-->", pos + 4);
        if (end < 0) fail("unclosed token");
        pos = end + 3;
      } else if (startsWith("<!")) {
        fail("DOCTYPE and ENTITY declarations are not allowed");
      } else if (startsWith("<?")) {
        const end = text.indexOf("?>", pos);
        if (end < 0) fail("unclosed token");
        pos = end + 2;
      } else if (text[pos] === "<") {
        flush();
        children.push(parseElement());
      } else {
        const next = text.indexOf("<", pos);
        const end = next < 0 ? text.length : next;
        const raw = text.slice(pos, end);
        if (raw.includes("]]>")) fail("not well-formed (invalid token)", pos + raw.indexOf("]]>"));
        textBuf += decode(raw, pos);
        pos = end;
      }
    }
  };

  skipMisc(true);
  if (pos >= text.length) fail("no element found");
  const root = parseElement();
  skipMisc(false);
  if (pos < text.length) fail("junk after document element");
  return root;
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
