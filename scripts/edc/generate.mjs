#!/usr/bin/env node
// Bulk generator for the emulated ClinCapture EDC: fills one schema with N subjects' worth of clinical data using
// set-based SQL (generate_series, INSERT … SELECT), one chunk of subjects per round trip.
//
//   node scripts/edc/generate.mjs --url postgres://postgres@127.0.0.1:5432/db --schema cc_bench --item-rows 1000000
//   node scripts/edc/generate.mjs --url … --schema cc_bench --subjects 5000 --sites 4 --reset
//
// Options
//   --url URL          Postgres URL (default $EDC_DATABASE_URL or $DATABASE_URL); a pglite-socket server works too
//   --schema NAME      target schema (default cc_bench); created with migrations/edc/*.sql when missing
//   --subjects N       number of subjects to add, or
//   --item-rows N      number of item_data rows wanted (rounded up to whole subjects)
//   --sites N          sites of a NEW schema's study (default 10); an existing study keeps its sites
//   --study ID         unique_identifier of a NEW schema's study (default BENCH)
//   --chunk-rows N     item_data rows per round trip (default 50000)
//   --reset            drop the schema first
//
// A new schema gets the Demo Study's events and CRFs (Screening; Visit 1, repeating; Follow-up / Demographics,
// Vital Signs, Adverse Events) under study --study with --sites sites. An existing schema (even cc_demo) is
// appended to: ids continue after the current maxima and labels after the study_subject_id counters.
// Per subject: every event once, repeating events twice; every event CRF; every item, repeating-group items twice.
// A few rows are removed (status 5/7) or empty, as in real data, so extracts have something to leave out.

import { realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";
import postgres from "postgres";
import { loadEdc, quoteSchema, resultRows, withSearchPath } from "./load.mjs";
import { benchDesign, resetSequencesSql, studySkeletonSql } from "./demo-data.mjs";

const EVENT_REPEATS = 2; // occurrences of a repeating event per subject
const GROUP_REPEATS = 2; // rows of a repeating item group per event CRF

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith("--")) throw new Error(`unexpected argument: ${a}`);
    const [k, inline] = a.slice(2).split("=", 2);
    if (k === "reset" || k === "help") {
      out[k] = true;
      continue;
    }
    const v = inline ?? argv[++i];
    if (v === undefined) throw new Error(`--${k} needs a value`);
    out[k] = v;
  }
  return out;
}

const USAGE = `usage: node scripts/edc/generate.mjs --url postgres://… [--schema cc_bench] (--subjects N | --item-rows N)
       [--sites 10] [--study BENCH] [--chunk-rows 50000] [--reset]`;

const int = (v, name) => {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer`);
  return n;
};
const sqlStr = (s) => `'${String(s).replaceAll("'", "''")}'`;

function progress(done, total, t0, label) {
  const width = 30;
  const frac = total ? Math.min(1, done / total) : 1;
  const full = Math.round(frac * width);
  const line =
    `[${"#".repeat(full)}${".".repeat(width - full)}] ${String(Math.floor(frac * 100)).padStart(3)}% ` +
    `${done}/${total} ${label} ${((performance.now() - t0) / 1000).toFixed(1)}s`;
  if (process.stderr.isTTY) process.stderr.write(`\r${line}${done >= total ? "\n" : ""}`);
  else process.stderr.write(`${line}\n`);
}

/** Per-subject templates read from the schema's design tables. */
async function readDesign(q, S) {
  const [study] = await q(`SELECT study_id, unique_identifier FROM ${S}.study
                          WHERE parent_study_id IS NULL ORDER BY study_id LIMIT 1`);
  if (!study) return null;
  let sites = await q(`SELECT study_id, unique_identifier FROM ${S}.study
                        WHERE parent_study_id = ${study.study_id} AND status_id NOT IN (5, 7) ORDER BY study_id`);
  if (!sites.length) sites = [study];
  const events = await q(`SELECT study_event_definition_id AS id, repeating, COALESCE(schedule_day, 0) AS day
                            FROM ${S}.study_event_definition
                           WHERE study_id = ${study.study_id} AND status_id NOT IN (5, 7)
                           ORDER BY ordinal, study_event_definition_id`);
  const edcs = await q(`SELECT study_event_definition_id AS sed, default_version_id AS cv
                          FROM ${S}.event_definition_crf
                         WHERE study_id = ${study.study_id} AND parent_id IS NULL AND status_id NOT IN (5, 7)
                         ORDER BY study_event_definition_id, ordinal, event_definition_crf_id`);
  const items = await q(`SELECT ifm.crf_version_id AS cv, ifm.item_id AS item, i.name, idt.code,
                                COALESCE(rs.options_values, '') AS opts, rt.name AS rtype,
                                COALESCE(igm.repeating_group, false) AS repeating
                           FROM ${S}.item_form_metadata ifm
                           JOIN ${S}.item i ON i.item_id = ifm.item_id
                           JOIN ${S}.item_data_type idt ON idt.item_data_type_id = i.item_data_type_id
                           JOIN ${S}.response_set rs ON rs.response_set_id = ifm.response_set_id
                           JOIN ${S}.response_type rt ON rt.response_type_id = rs.response_type_id
                           LEFT JOIN ${S}.item_group_metadata igm
                                  ON igm.item_id = ifm.item_id AND igm.crf_version_id = ifm.crf_version_id
                          ORDER BY ifm.crf_version_id, ifm.ordinal, ifm.item_id`);
  const counters = await q(`SELECT name, index FROM ${S}.study_subject_id`);
  const counterOf = new Map(counters.map((c) => [c.name, Number(c.index ?? 0)]));

  const eventT = []; // { j, sed, occ, day }
  for (const ev of events) {
    const occs = ev.repeating ? EVENT_REPEATS : 1;
    for (let occ = 1; occ <= occs; occ++) {
      eventT.push({ j: eventT.length + 1, sed: ev.id, occ, day: Number(ev.day) + (occ - 1) * 60 });
    }
  }
  const ecT = []; // { m, j, cv, day }
  for (const e of eventT) {
    for (const x of edcs.filter((x) => x.sed === e.sed)) ecT.push({ m: ecT.length + 1, j: e.j, cv: x.cv, day: e.day });
  }
  const itemT = []; // { t, m, item, ord, kind, opts, nopts, day }
  for (const ec of ecT) {
    for (const it of items.filter((i) => i.cv === ec.cv)) {
      const choice = ["radio", "single-select", "multi-select", "checkbox"].includes(it.rtype) && it.opts !== "";
      const kind = choice
        ? "OPT"
        : it.code === "DATE" && /BRTH|DOB/i.test(it.name)
          ? "DOB"
          : ["INT", "REAL", "DATE", "PDATE"].includes(it.code)
            ? it.code
            : "TEXT";
      const reps = it.repeating ? GROUP_REPEATS : 1;
      for (let ord = 1; ord <= reps; ord++) {
        itemT.push({
          t: itemT.length + 1,
          m: ec.m,
          item: it.item,
          ord,
          kind,
          opts: it.opts,
          nopts: it.opts.split(",").length,
          day: ec.day,
        });
      }
    }
  }
  return {
    study,
    sites: sites.map((s) => ({ id: s.study_id, ident: s.unique_identifier, start: counterOf.get(s.unique_identifier) ?? 0 })),
    eventT,
    ecT,
    itemT,
  };
}

/** SQL of one chunk of subjects [a, b] (1-based index of the subjects added by this run). */
function chunkSql(S, d, base, a, b) {
  const NS = d.sites.length;
  const EPS = d.eventT.length;
  const ECPS = d.ecT.length;
  const IPS = d.itemT.length;
  const siteIds = `(ARRAY[${d.sites.map((s) => s.id).join(",")}])`;
  const siteIdents = `(ARRAY[${d.sites.map((s) => sqlStr(s.ident)).join(",")}]::text[])`;
  const siteStarts = `(ARRAY[${d.sites.map((s) => s.start).join(",")}])`;
  const series = `generate_series(${a}, ${b}) AS g(i)`;
  // enrolment: spread over 480 days from 2017-03-01 (UTC), deterministic in i
  const enroll = `(timestamptz '2017-03-01 00:00:00+00' + ((i::bigint * 7919) % 480) * interval '1 day')`;
  const ecCreated = `(${enroll} + t.day * interval '1 day' + interval '11 hours' + (t.m % 5) * interval '1 hour')`;
  const ecUpdated = `CASE WHEN (i + t.m) % 3 = 0 THEN ${ecCreated} + (5 + (i * 37 + t.m) % 40) * interval '1 day' END`;
  const eventValues = d.eventT.map((e) => `(${e.j},${e.sed},${e.occ},${e.day})`).join(",");
  const ecValues = d.ecT.map((e) => `(${e.m},${e.j},${e.cv},${e.day})`).join(",");
  const itemValues = d.itemT.map((x) => `(${x.t},${x.m},${x.item},${x.ord},'${x.kind}',${sqlStr(x.opts)},${x.nopts},${x.day})`).join(",");
  const dob = `(timestamptz '1940-01-01 00:00:00+00' + ((i::bigint * 2654435761) % 20000) * interval '1 day')`;
  const value = `CASE t.kind
      WHEN 'INT'   THEN (60 + (i * 37 + t.t * 11) % 80)::text
      WHEN 'REAL'  THEN ((400 + (i * 13 + t.t * 7) % 600) / 10.0)::numeric(6,1)::text
      WHEN 'DATE'  THEN to_char((${enroll} + (t.day - (i + t.t) % 7) * interval '1 day') AT TIME ZONE 'UTC', 'YYYY-MM-DD')
      WHEN 'DOB'   THEN to_char(${dob} AT TIME ZONE 'UTC', 'YYYY-MM-DD')
      WHEN 'PDATE' THEN to_char((${enroll} + t.day * interval '1 day') AT TIME ZONE 'UTC', 'YYYY-MM')
      WHEN 'OPT'   THEN split_part(t.opts, ',', 1 + ((i + t.t) % t.nopts)::int)
      ELSE 'text ' || ((i * 7 + t.t) % 1000)
    END`;
  return `
INSERT INTO ${S}.subject (subject_id, father_id, mother_id, status_id, date_of_birth, gender, unique_identifier,
                          date_created, owner_id, dob_collected)
SELECT ${base.subject} + i, NULL, NULL, 1, ${dob},
       CASE WHEN i % 2 = 0 THEN 'f' ELSE 'm' END, '', ${enroll} + interval '9 hours', 1, true
  FROM ${series};

INSERT INTO ${S}.study_subject (study_subject_id, label, secondary_label, subject_id, study_id, status_id,
                                enrollment_date, date_created, owner_id, oc_oid, dynamic_group_class_id)
SELECT ${base.studySubject} + i, x.label, '', ${base.subject} + i, x.site_id,
       CASE WHEN i % 503 = 0 THEN 5 ELSE 1 END, ${enroll}, ${enroll} + interval '9 hours', 1,
       'SS_' || left(upper(regexp_replace(x.label, '[^A-Za-z0-9_]', '', 'g')), 8) || '_'
             || CASE WHEN ${base.oid} + i < 10000000 THEN lpad((${base.oid} + i)::text, 7, '0')
                     ELSE (${base.oid} + i)::text END,
       0
  FROM ${series}
 CROSS JOIN LATERAL (
       SELECT ${siteIds}[((i - 1) % ${NS}) + 1] AS site_id,
              ${siteIdents}[((i - 1) % ${NS}) + 1] || '-'
                || CASE WHEN n.n < 100 THEN lpad(n.n::text, 3, '0') ELSE n.n::text END AS label
         FROM (SELECT ${siteStarts}[((i - 1) % ${NS}) + 1] + (i - 1) / ${NS} + 1 AS n) n
       ) x;

INSERT INTO ${S}.study_event (study_event_id, study_event_definition_id, study_subject_id, location, sample_ordinal,
                              date_start, owner_id, status_id, date_created, subject_event_status_id,
                              start_time_flag, end_time_flag)
SELECT ${base.studyEvent} + (i - 1) * ${EPS} + t.j, t.sed, ${base.studySubject} + i, '', t.occ,
       (${enroll} + t.day * interval '1 day' + interval '9 hours') AT TIME ZONE 'UTC', 1, 1,
       ${enroll} + interval '9 hours', 4, false, false
  FROM ${series}
 CROSS JOIN (VALUES ${eventValues}) AS t(j, sed, occ, day);

INSERT INTO ${S}.event_crf (event_crf_id, study_event_id, crf_version_id, date_interviewed, interviewer_name,
                            completion_status_id, status_id, annotations, date_completed, validator_id, owner_id,
                            date_created, study_subject_id, date_updated, update_id, sdv_status, not_started)
SELECT ${base.eventCrf} + (i - 1) * ${ECPS} + t.m, ${base.studyEvent} + (i - 1) * ${EPS} + t.j, t.cv,
       ${ecCreated}, '', 1,
       CASE WHEN (i * 31 + t.m) % 997 = 0 THEN 7 WHEN (i + t.m) % 4 = 1 THEN 1 ELSE 2 END, '',
       CASE WHEN (i + t.m) % 4 <> 1 THEN (${ecCreated} + interval '1 hour') AT TIME ZONE 'UTC' END, 0, 1,
       ${ecCreated}, ${base.studySubject} + i, ${ecUpdated}, CASE WHEN (i + t.m) % 3 = 0 THEN 1 END, false, false
  FROM ${series}
 CROSS JOIN (VALUES ${ecValues}) AS t(m, j, cv, day);

INSERT INTO ${S}.item_data (item_data_id, item_id, event_crf_id, status_id, value, date_created, date_updated,
                            owner_id, update_id, ordinal, sdv)
SELECT ${base.itemData} + (i - 1) * ${IPS} + t.t, t.item, ${base.eventCrf} + (i - 1) * ${ECPS} + t.m,
       CASE WHEN (i * 7 + t.t) % 401 = 0 THEN 5 ELSE 1 END,
       CASE WHEN (i + t.t * 13) % 89 = 0 THEN '' ELSE ${value} END,
       ${ecCreated} + interval '15 minutes',
       CASE WHEN (i + t.t) % 2 = 0 THEN ${ecUpdated} END,
       1, CASE WHEN (i + t.m) % 3 = 0 AND (i + t.t) % 2 = 0 THEN 1 END, t.ord, false
  FROM ${series}
 CROSS JOIN (VALUES ${itemValues}) AS t(t, m, item, ord, kind, opts, nopts, day);
`;
}

export async function generate({
  url,
  schema = "cc_bench",
  subjects,
  itemRows,
  sites = 10,
  study = "BENCH",
  chunkRows = 50_000,
  reset = false,
  log = (s) => process.stderr.write(`${s}\n`),
}) {
  const S = quoteSchema(schema);
  const sql = postgres(url, { max: 1, onnotice: () => {}, idle_timeout: 5, connect_timeout: 30 });
  const exec = (s) => sql.unsafe(s);
  const q = async (s) => resultRows(await exec(s));
  const t0 = performance.now();
  try {
    const { loaded } = await loadEdc(exec, { schemas: [schema], reset, demo: false });
    if (loaded.length) log(`schema ${schema}: created (${reset ? "reset" : "new"})`);
    let d = await readDesign(q, S);
    if (!d) {
      const design = benchDesign({ identifier: study, sites });
      await exec(withSearchPath(schema, `${studySkeletonSql(design)}\n${resetSequencesSql()}`));
      log(`schema ${schema}: study ${study} with ${sites} site(s), ${design.events.length} events, ${design.crfs.length} CRFs`);
      d = await readDesign(q, S);
    }
    const IPS = d.itemT.length;
    if (!IPS) throw new Error(`schema ${schema}: the study has no event CRF items to generate`);
    const n = subjects ?? Math.ceil(itemRows / IPS);
    const totalRows = n * IPS;
    const [b] = await q(`SELECT
        (SELECT COALESCE(max(subject_id), 0) FROM ${S}.subject)::bigint AS subject,
        (SELECT COALESCE(max(study_subject_id), 0) FROM ${S}.study_subject)::bigint AS "studySubject",
        (SELECT COALESCE(max(study_event_id), 0) FROM ${S}.study_event)::bigint AS "studyEvent",
        (SELECT COALESCE(max(event_crf_id), 0) FROM ${S}.event_crf)::bigint AS "eventCrf",
        (SELECT COALESCE(max(item_data_id), 0) FROM ${S}.item_data)::bigint AS "itemData",
        (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM ${S}.study_subject_oid_id_seq)::bigint AS oid`);
    const base = Object.fromEntries(Object.entries(b).map(([k, v]) => [k, Number(v)]));
    log(
      `schema ${schema}: adding ${n} subjects × ${IPS} item rows = ${totalRows} item_data rows ` +
        `(${d.sites.length} site(s), ${d.eventT.length} events and ${d.ecT.length} event CRFs per subject)`,
    );

    const per = Math.max(1, Math.floor(chunkRows / IPS));
    const tGen = performance.now();
    progress(0, totalRows, tGen, "item_data rows");
    for (let a = 1; a <= n; a += per) {
      const z = Math.min(n, a + per - 1);
      await exec(chunkSql(S, d, base, a, z));
      progress(z * IPS, totalRows, tGen, "item_data rows");
    }

    // label counters, sequences, statistics
    const added = d.sites.map((_s, idx) => (n > idx ? Math.floor((n - 1 - idx) / d.sites.length) + 1 : 0));
    const counterRows = d.sites.map((s, idx) => `(${sqlStr(s.ident)}, ${s.start + added[idx]})`).join(", ");
    await exec(
      withSearchPath(
        schema,
        `
      INSERT INTO study_subject_id (name, index, version)
      SELECT v.name, v.idx, 1 FROM (VALUES ${counterRows}) AS v(name, idx)
      ON CONFLICT (name) DO UPDATE SET index = EXCLUDED.index;
      ${resetSequencesSql(base.oid + n)}`,
      ),
    );
    await exec(`ANALYZE ${S}.subject; ANALYZE ${S}.study_subject; ANALYZE ${S}.study_event;
                ANALYZE ${S}.event_crf; ANALYZE ${S}.item_data;`);
    const seconds = (performance.now() - t0) / 1000;
    log(
      `done: ${totalRows} item_data rows for ${n} subjects in ${seconds.toFixed(1)}s ` +
        `(generation ${((performance.now() - tGen) / 1000).toFixed(1)}s)`,
    );
    return { schema, subjects: n, itemRows: totalRows, seconds };
  } finally {
    await sql.end({ timeout: 5 });
  }
}

const isMain = Boolean(process.argv[1]) && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
if (isMain) {
  try {
    const args = parseArgs(process.argv.slice(2));
    if (args.help) {
      console.log(USAGE);
      process.exit(0);
    }
    const url = args.url ?? process.env.EDC_DATABASE_URL ?? process.env.DATABASE_URL;
    if (!url) throw new Error("--url is required");
    if ((args.subjects === undefined) === (args["item-rows"] === undefined)) {
      throw new Error("give exactly one of --subjects N or --item-rows N");
    }
    const study = args.study ?? "BENCH";
    await generate({
      url,
      schema: args.schema ?? "cc_bench",
      subjects: args.subjects !== undefined ? int(args.subjects, "subjects") : undefined,
      itemRows: args["item-rows"] !== undefined ? int(args["item-rows"], "item-rows") : undefined,
      sites: args.sites !== undefined ? Math.max(1, int(args.sites, "sites")) : 10,
      study,
      chunkRows: args["chunk-rows"] !== undefined ? Math.max(1, int(args["chunk-rows"], "chunk-rows")) : 50_000,
      reset: Boolean(args.reset),
    });
  } catch (err) {
    process.stderr.write(`generate: ${err.message}\n${USAGE}\n`);
    process.exit(1);
  }
}
