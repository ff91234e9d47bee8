-- Extraction views and functions of the emulated ClinCapture EDC (flaskdata-api.md §4.3–4.5).
-- ClearClinica's real cc_event_data / cross_event_crf_data DDL is not public; these follow the project's spec.
-- Same loading contract as 0001: unqualified names, created in the schema the loader put on search_path.
--
-- Active-row rule (ClearClinica cc-sas-extract Export.java, §4.2, §5.17): rows whose status_id is 5 (removed) or
-- 7 (auto-removed) on item_data, event_crf, crf_version, study_subject or event_definition_crf are left out, and
-- so are empty values (item_data.value = '' or NULL). An event_definition_crf row (a CRF in an event definition,
-- or a site's override of it) that is removed hides that CRF's data in that event (for that site).

-- ---------------------------------------------------------------------------------------------------------------
-- cc_event_data: long format, one row per (non-removed, non-empty) item value (§4.4).
-- date_updated = COALESCE(item_data.date_updated, item_data.date_created): ClinCapture leaves date_updated NULL
-- until the first change, so the "date updated" of a fresh value is its creation date (§4.6).
-- ---------------------------------------------------------------------------------------------------------------
CREATE OR REPLACE VIEW cc_event_data AS
SELECT COALESCE(p.unique_identifier, s.unique_identifier) AS study,
       s.unique_identifier          AS site_id,
       s.name                       AS site,
       ss.study_subject_id,
       ss.label                     AS subject,
       ss.oc_oid                    AS subject_oid,
       sst.name                     AS subject_status,
       ss.enrollment_date,
       sed.name                     AS event,
       sed.oc_oid                   AS event_oid,
       se.sample_ordinal            AS event_ordinal,
       se.date_start                AS event_date,
       ses.name                     AS event_status,
       e.event_crf_id,
       crf.name                     AS crf,
       cv.name                      AS crf_version,
       est.name                     AS crf_status,
       ig.name                      AS item_group,
       d.ordinal                    AS group_ordinal,
       i.name                       AS item,
       i.description                AS item_label,
       idt.code                     AS item_type,
       d.value,
       d.date_created,
       COALESCE(d.date_updated, d.date_created) AS date_updated
  -- Join order matters: the view has 17 relations, more than join_collapse_limit (8), so the planner only
  -- reorders the first 8. They are the core path study_subject → study_event → event_crf → item_data (plus the
  -- small design tables the usual filters name), so a filter on subject, site, event, crf or date can drive
  -- the plan through the indexes; the remaining lookups are joined afterwards.
  FROM study_subject ss
  JOIN study s                      ON s.study_id = ss.study_id
  JOIN study_event se               ON se.study_subject_id = ss.study_subject_id
  JOIN study_event_definition sed   ON sed.study_event_definition_id = se.study_event_definition_id
  JOIN event_crf e                  ON e.study_event_id = se.study_event_id
  JOIN crf_version cv               ON cv.crf_version_id = e.crf_version_id
  JOIN crf                          ON crf.crf_id = cv.crf_id
  JOIN item_data d                  ON d.event_crf_id = e.event_crf_id
  JOIN item i                       ON i.item_id = d.item_id
  LEFT JOIN item_data_type idt      ON idt.item_data_type_id = i.item_data_type_id
  LEFT JOIN item_group_metadata igm ON igm.item_id = i.item_id AND igm.crf_version_id = cv.crf_version_id
  LEFT JOIN item_group ig           ON ig.item_group_id = igm.item_group_id
  LEFT JOIN status est              ON est.status_id = e.status_id
  LEFT JOIN subject_event_status ses ON ses.subject_event_status_id = se.subject_event_status_id
  LEFT JOIN status sst              ON sst.status_id = ss.status_id
  LEFT JOIN study p                 ON p.study_id = s.parent_study_id
 WHERE d.status_id NOT IN (5, 7)
   AND e.status_id NOT IN (5, 7)
   AND cv.status_id NOT IN (5, 7)
   AND ss.status_id NOT IN (5, 7)
   AND d.value <> ''
   AND NOT EXISTS (SELECT 1
                     FROM event_definition_crf edc
                    WHERE edc.study_event_definition_id = sed.study_event_definition_id
                      AND edc.crf_id = crf.crf_id
                      AND edc.status_id IN (5, 7)
                      AND (edc.parent_id IS NULL OR edc.study_id = ss.study_id));

COMMENT ON VIEW cc_event_data IS
  'EDC event data, long format: one row per non-removed, non-empty item value (flaskdata-api.md §4.4)';

-- ---------------------------------------------------------------------------------------------------------------
-- cross_event_crf_data: wide form, one row per event_crf that has at least one row in cc_event_data
-- (i.e. >= 1 non-removed, non-empty item_data; placeholders with no data never appear).
--
-- A SQL view cannot have one column per item (the item set differs per CRF and per database), so the item
-- values are in ONE jsonb column, `items`: {"<ITEM_NAME>": value, ...}; a repeating-group row with ordinal n > 1
-- is keyed "<ITEM_NAME>_<n>" (ordinal 1 keeps the bare name). The API FLATTENS `items` into ordinary columns
-- when it serialises a row (JSON or CSV), ordering them by section ordinal, then item_form_metadata.ordinal,
-- then group ordinal. jsonb itself does not keep key order.
-- date_updated = max(item date_updated) of the event_crf, date_created = min(item date_created).
-- ---------------------------------------------------------------------------------------------------------------
CREATE OR REPLACE VIEW cross_event_crf_data AS
SELECT d.study,
       d.site_id,
       d.site,
       d.subject,
       d.event,
       d.event_ordinal,
       d.event_date,
       d.crf,
       d.crf_version,
       d.crf_status,
       d.event_crf_id,
       max(d.date_updated) AS date_updated,
       min(d.date_created) AS date_created,
       jsonb_object_agg(CASE WHEN d.group_ordinal > 1 THEN d.item || '_' || d.group_ordinal ELSE d.item END,
                        d.value) AS items
  FROM cc_event_data d
 GROUP BY d.event_crf_id, d.study, d.site_id, d.site, d.subject, d.event, d.event_ordinal, d.event_date,
          d.crf, d.crf_version, d.crf_status;

COMMENT ON VIEW cross_event_crf_data IS
  'EDC event-CRF data, wide form: one row per event_crf with data; item values in jsonb "items" (ITEM, ITEM_2 for repeat 2), flattened by the API';

-- ---------------------------------------------------------------------------------------------------------------
-- adae_adverse_events_reduced: the kind of study-specific reporting view ClearClinica clients extract by name
-- (flaskdata-api.md §2.1 E1 example). One row per adverse-event row (repeating group ordinal) of a CRF that
-- has items AETERM / AESEV / AESTDAT; empty in an EDC database without such a CRF.
-- ---------------------------------------------------------------------------------------------------------------
CREATE OR REPLACE VIEW adae_adverse_events_reduced AS
SELECT d.study,
       d.site_id,
       d.site,
       d.subject,
       d.event,
       d.event_ordinal,
       d.event_crf_id,
       d.group_ordinal                                AS ae_ordinal,
       max(d.value) FILTER (WHERE d.item = 'AETERM')  AS aeterm,
       max(d.value) FILTER (WHERE d.item = 'AESEV')   AS aesev,
       max(d.value) FILTER (WHERE d.item = 'AESTDAT') AS aestdat,
       min(d.date_created)                            AS date_created,
       max(d.date_updated)                            AS date_updated
  FROM cc_event_data d
 WHERE d.item IN ('AETERM', 'AESEV', 'AESTDAT')
 GROUP BY d.study, d.site_id, d.site, d.subject, d.event, d.event_ordinal, d.event_crf_id, d.group_ordinal;

-- ---------------------------------------------------------------------------------------------------------------
-- STABLE functions, callable through extract-data with named arguments (`fn(p_subject => $1)`, §5.9).
-- SQL-standard bodies (BEGIN ATOMIC) bind every name to this schema at creation time.
-- ---------------------------------------------------------------------------------------------------------------

-- All cc_event_data rows of one subject (by label), same columns as the view.
CREATE OR REPLACE FUNCTION subject_event_data(p_subject text)
  RETURNS TABLE (
    study varchar, site_id varchar, site varchar, study_subject_id integer, subject varchar,
    subject_oid varchar, subject_status varchar, enrollment_date timestamptz, event varchar, event_oid varchar,
    event_ordinal integer, event_date timestamp, event_status varchar, event_crf_id integer, crf varchar,
    crf_version varchar, crf_status varchar, item_group varchar, group_ordinal integer, item varchar,
    item_label varchar, item_type varchar, value varchar, date_created timestamptz, date_updated timestamptz
  )
  LANGUAGE sql STABLE
BEGIN ATOMIC
  SELECT d.study, d.site_id, d.site, d.study_subject_id, d.subject, d.subject_oid, d.subject_status,
         d.enrollment_date, d.event, d.event_oid, d.event_ordinal, d.event_date, d.event_status, d.event_crf_id,
         d.crf, d.crf_version, d.crf_status, d.item_group, d.group_ordinal, d.item, d.item_label, d.item_type,
         d.value, d.date_created, d.date_updated
    FROM cc_event_data d
   WHERE d.subject = p_subject
   ORDER BY d.event_date, d.event, d.event_ordinal, d.crf, d.item, d.group_ordinal;
END;
COMMENT ON FUNCTION subject_event_data(text) IS 'STABLE: cc_event_data rows of one subject label';

-- Item values of one CRF (by name), optionally within [p_from, p_to] on date_updated (inclusive bounds).
CREATE OR REPLACE FUNCTION crf_item_values(p_crf text, p_from timestamptz DEFAULT NULL, p_to timestamptz DEFAULT NULL)
  RETURNS TABLE (
    site_id varchar, subject varchar, event varchar, event_ordinal integer, event_crf_id integer,
    crf_version varchar, item varchar, group_ordinal integer, value varchar, date_updated timestamptz
  )
  LANGUAGE sql STABLE
BEGIN ATOMIC
  SELECT d.site_id, d.subject, d.event, d.event_ordinal, d.event_crf_id, d.crf_version, d.item, d.group_ordinal,
         d.value, d.date_updated
    FROM cc_event_data d
   WHERE d.crf = p_crf
     AND (p_from IS NULL OR d.date_updated >= p_from)
     AND (p_to IS NULL OR d.date_updated <= p_to)
   ORDER BY d.subject, d.event, d.event_ordinal, d.item, d.group_ordinal;
END;
COMMENT ON FUNCTION crf_item_values(text, timestamptz, timestamptz) IS 'STABLE: values of one CRF, optional date_updated range';

-- Active (non-removed) subjects per site; no arguments and no date column.
CREATE OR REPLACE FUNCTION site_subject_counts()
  RETURNS TABLE (study varchar, site_id varchar, site varchar, subjects bigint)
  LANGUAGE sql STABLE
BEGIN ATOMIC
  SELECT COALESCE(p.unique_identifier, s.unique_identifier), s.unique_identifier, s.name,
         count(ss.study_subject_id)
    FROM study s
    LEFT JOIN study p ON p.study_id = s.parent_study_id
    LEFT JOIN study_subject ss ON ss.study_id = s.study_id AND ss.status_id NOT IN (5, 7)
   GROUP BY s.study_id, p.unique_identifier, s.unique_identifier, s.name
   ORDER BY s.study_id;
END;
COMMENT ON FUNCTION site_subject_counts() IS 'STABLE: active subjects per study/site';
