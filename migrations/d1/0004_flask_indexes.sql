-- Indexes for the keyset reads of src/flask/** that 0001/0002 lacked (each named after what it serves).
-- Every keyset read is `WHERE <equality prefix> AND (<order columns>) > (<cursor>) ORDER BY <order columns>`,
-- so each index is the equality prefix followed by the order columns, all ascending.

-- F1 extract-data-to-json pages these relations by (customer_id, id) like every other allowlisted one.
CREATE INDEX study_users_customer ON study_users(customer_id, id);
CREATE INDEX site_users_customer ON site_users(customer_id, id);

-- F1 with fromDate/toDate on the relations that grow without bound: pages by (date, id) within the date range
-- (src/flask/customer/relations.ts `dateIndexed`), so a narrow range reads only its own rows.
CREATE INDEX device_logs_customer_created ON device_logs(customer_id, date_created, id);
CREATE INDEX audit_trail_customer_created ON audit_trail(customer_id, date_created, id);
CREATE INDEX audit_user_login_customer_created ON audit_user_login(customer_id, date_created, id);
CREATE INDEX forms_crf_data_customer_changed ON forms_crf_data(customer_id, COALESCE(date_updated, date_created), id);

