-- One lockout for every password check (src/auth/lockout.ts): /auth/authorize, the ePRO subject login
-- /auth/mobile-form-authorization and CommCare Basic all count failures per email in audit_user_login.
-- `channel` names the door an attempt came through, so the login audit shows where a guessing run
-- happened; `forbidden` is a right password for an account that door is not open to (a non-subject
-- at the ePRO login). SQLite cannot widen a CHECK in place, so the table is rebuilt with its indexes.
CREATE TABLE audit_user_login_v2 (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER REFERENCES customers(id),
  user_id INTEGER REFERENCES users(id),
  email TEXT NOT NULL COLLATE NOCASE,
  outcome TEXT NOT NULL CHECK (outcome IN ('success', 'bad_password', 'unknown_user', 'disabled', 'locked', 'forbidden', 'logout')),
  channel TEXT NOT NULL DEFAULT 'auth/authorize'
    CHECK (channel IN ('auth/authorize', 'auth/mobile-form-authorization', 'auth/logout', 'commcare/basic')),
  ip TEXT,
  user_agent TEXT,
  date_created TEXT NOT NULL
);
INSERT INTO audit_user_login_v2 (id, customer_id, user_id, email, outcome, channel, ip, user_agent, date_created)
  SELECT id, customer_id, user_id, email, outcome, CASE outcome WHEN 'logout' THEN 'auth/logout' ELSE 'auth/authorize' END,
         ip, user_agent, date_created
  FROM audit_user_login;
DROP TABLE audit_user_login;
ALTER TABLE audit_user_login_v2 RENAME TO audit_user_login;
CREATE INDEX audit_user_login_email_time ON audit_user_login(email, date_created);
CREATE INDEX audit_user_login_customer ON audit_user_login(customer_id, id);
CREATE INDEX audit_user_login_customer_created ON audit_user_login(customer_id, date_created, id);
