/** The `meta` object of a list answer (commcare-api.md §2.4 with Q1, Q2, Q15). */
export interface PageMeta {
  limit: number | null;
  next: string | null;
  offset: number | null;
  previous: string | null;
  /** null when the request asked `count=false` (no count query was run). */
  total_count: number | null;
}

/** `path?<original params in order, minus the paging ones>&<extra>`: Q1's absolute-path links. */
export function pageLink(path: string, query: URLSearchParams, drop: string[], extra: [string, string][]): string {
  const out = new URLSearchParams();
  for (const [k, v] of query) if (!drop.includes(k)) out.append(k, v);
  for (const [k, v] of extra) out.append(k, v);
  return `${path}?${out.toString()}`;
}

/** Offset paging: `next` null iff offset+limit >= total; `previous` null only at offset 0 (Q2). */
export function offsetMeta(path: string, query: URLSearchParams, limit: number, offset: number, total: number): PageMeta {
  const link = (o: number) =>
    pageLink(
      path,
      query,
      ["limit", "offset"],
      [
        ["limit", String(limit)],
        ["offset", String(o)],
      ],
    );
  return {
    limit,
    offset,
    total_count: total,
    next: offset + limit >= total ? null : link(offset + limit),
    previous: offset === 0 ? null : link(Math.max(0, offset - limit)),
  };
}

/**
 * Offset paging with `count=false`: no total (`total_count: null`); `next` is known from one row
 * fetched beyond the page (`hasMore`) instead of from the total.
 */
export function uncountedOffsetMeta(path: string, query: URLSearchParams, limit: number, offset: number, hasMore: boolean): PageMeta {
  const link = (o: number) =>
    pageLink(
      path,
      query,
      ["limit", "offset"],
      [
        ["limit", String(limit)],
        ["offset", String(o)],
      ],
    );
  return {
    limit,
    offset,
    total_count: null,
    next: hasMore ? link(offset + limit) : null,
    previous: offset === 0 ? null : link(Math.max(0, offset - limit)),
  };
}

/** Keyset paging (Q15): `next` carries the cursor of the page's last row; no `previous`. */
export function cursorMeta(path: string, query: URLSearchParams, limit: number, total: number | null, nextCursor: string | null): PageMeta {
  return {
    limit,
    offset: null,
    total_count: total,
    next:
      nextCursor === null
        ? null
        : pageLink(
            path,
            query,
            ["limit", "offset", "cursor"],
            [
              ["limit", String(limit)],
              ["cursor", nextCursor],
            ],
          ),
    previous: null,
  };
}

/** The application list is not paginated (`DoesNothingPaginatorCompat`). */
export const unpaginatedMeta = (total: number): PageMeta => ({ limit: null, next: null, offset: 0, previous: null, total_count: total });
