import { childElements, childScope, localName, namespaceOf, textOf, type NsScope, type XmlElement } from "../xml/parse";
import { el } from "../xml/write";

export const CASE_XMLNS = "http://commcarehq.org/case/transaction/v2";

export interface CaseIndexBlock {
  identifier: string;
  caseType: string;
  relationship: string;
  /** Empty = remove the index. */
  referencedId: string;
}

/** One CaseXML v2 `<case>` block of a submission. */
export interface CaseBlock {
  caseId: string;
  dateModified: string | null;
  userId: string | null;
  create: { caseType?: string; caseName?: string; ownerId?: string } | null;
  update: Record<string, string>;
  close: boolean;
  indices: CaseIndexBlock[];
}

export class CaseBlockError extends Error {}

/** Every `<case xmlns="…/case/transaction/v2">` block of a form, in document order (any depth). */
export function findCaseBlocks(root: XmlElement): CaseBlock[] {
  const blocks: CaseBlock[] = [];
  const walk = (node: XmlElement, scope: NsScope) => {
    for (const child of childElements(node)) {
      const s = childScope(child, scope);
      if (localName(child.name) === "case" && namespaceOf(child, s) === CASE_XMLNS) blocks.push(parseCaseBlock(child));
      else walk(child, s);
    }
  };
  walk(root, childScope(root, {}));
  return blocks;
}

const attr = (e: XmlElement, name: string) => e.attrs.find(([k]) => localName(k) === name)?.[1] ?? null;

export function parseCaseBlock(block: XmlElement): CaseBlock {
  const caseId = (attr(block, "case_id") ?? "").trim();
  if (!caseId) throw new CaseBlockError("IllegalCaseId: case_id must not be empty");
  const out: CaseBlock = {
    caseId,
    dateModified: attr(block, "date_modified"),
    userId: attr(block, "user_id"),
    create: null,
    update: {},
    close: false,
    indices: [],
  };
  for (const action of childElements(block)) {
    const kind = localName(action.name);
    if (kind === "create") {
      const create: NonNullable<CaseBlock["create"]> = {};
      for (const f of childElements(action)) {
        const n = localName(f.name);
        if (n === "case_type") create.caseType = textOf(f).trim();
        else if (n === "case_name") create.caseName = textOf(f).trim();
        else if (n === "owner_id") create.ownerId = textOf(f).trim();
      }
      out.create = create;
    } else if (kind === "update") {
      for (const f of childElements(action)) out.update[localName(f.name)] = textOf(f);
    } else if (kind === "close") {
      out.close = true;
    } else if (kind === "index") {
      for (const f of childElements(action)) {
        out.indices.push({
          identifier: localName(f.name),
          caseType: attr(f, "case_type") ?? "",
          relationship: attr(f, "relationship") ?? "child",
          referencedId: textOf(f).trim(),
        });
      }
    }
  }
  return out;
}

export interface CaseForXml {
  caseId: string;
  caseType: string;
  name: string;
  ownerId: string;
  userId: string;
  dateModified: string;
  closed: boolean;
  properties: Record<string, string>;
  indices: { identifier: string; caseType: string; relationship: string; referencedId: string }[];
}

/** A case as a CaseXML v2 block (`api/serializers.py` CommCareCaseSerializer). */
export function caseToXml(c: CaseForXml): XmlElement {
  const update = Object.keys(c.properties)
    .sort()
    .map((k) => el(k, [], c.properties[k] ? [c.properties[k]!] : []));
  const children = [
    el(
      "create",
      [],
      [
        el("case_type", [], c.caseType ? [c.caseType] : []),
        el("case_name", [], c.name ? [c.name] : []),
        el("owner_id", [], c.ownerId ? [c.ownerId] : []),
      ],
    ),
    el("update", [], update),
  ];
  if (c.indices.length) {
    children.push(
      el(
        "index",
        [],
        c.indices.map((i) =>
          el(
            i.identifier,
            [
              ["case_type", i.caseType],
              ["relationship", i.relationship],
            ],
            [i.referencedId],
          ),
        ),
      ),
    );
  }
  if (c.closed) children.push(el("close"));
  return el(
    "case",
    [
      ["xmlns", CASE_XMLNS],
      ["case_id", c.caseId],
      ["date_modified", c.dateModified],
      ["user_id", c.userId],
    ],
    children,
  );
}
