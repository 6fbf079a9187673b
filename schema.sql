-- schema.sql: sidan's database, as a list of versions.
--
-- Each "-- version: N" line starts the statements that take a database from
-- version N-1 to N. `sidan init` applies, in one transaction each, every
-- version above the database's PRAGMA user_version, then sets user_version.
-- Never edit a version that has shipped: add a new one below.
--
-- Conventions: STRICT tables; every enumerated column has a CHECK; times are
-- unix seconds (INTEGER); flags are INTEGER 0/1 with a CHECK; is_demo marks a
-- row made up by `sidan seed --demo`, which pages must label as demo data.

-- version: 1

-- The tree of practice sites: the district center (中心), the 14 institutes
-- (所, one per township or sub-district), stations (站, one per village or
-- community) and bases (基地: 特色基地 'feature', 志愿服务基地 'volunteer').
-- The center is the root; institutes hang under it; stations under an
-- institute; bases under the center or an institute.
CREATE TABLE orgs (
	id		INTEGER PRIMARY KEY,
	code		TEXT NOT NULL UNIQUE,	-- statistical division code where known
	name		TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
	kind		TEXT NOT NULL CHECK (kind IN ('center', 'institute', 'station', 'base')),
	-- the township's own kind, for institutes: 街道, 镇 or 乡
	division	TEXT CHECK (division IS NULL OR division IN ('街道', '镇', '乡')),
	base_kind	TEXT CHECK (base_kind IS NULL OR base_kind IN ('feature', 'volunteer')),
	parent_id	INTEGER REFERENCES orgs(id),
	address		TEXT NOT NULL DEFAULT '',
	open_hours	TEXT NOT NULL DEFAULT '',
	office_phone	TEXT NOT NULL DEFAULT '',	-- an office's number, never a person's
	lat		REAL CHECK (lat IS NULL OR lat BETWEEN -90 AND 90),
	lon		REAL CHECK (lon IS NULL OR lon BETWEEN -180 AND 180),
	source		TEXT NOT NULL DEFAULT '',	-- where the row's facts were read
	is_demo		INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1)),
	sort		INTEGER NOT NULL DEFAULT 0,
	CHECK ((kind = 'center') = (parent_id IS NULL)),
	CHECK ((kind = 'base') = (base_kind IS NOT NULL)),
	CHECK ((kind = 'institute') OR division IS NULL)
) STRICT;
CREATE INDEX orgs_by_parent ON orgs(parent_id, kind, sort);
CREATE INDEX orgs_by_kind ON orgs(kind, sort);

-- The five platforms (平台), the service categories.
CREATE TABLE platforms (
	id		INTEGER PRIMARY KEY,
	code		TEXT NOT NULL UNIQUE CHECK (code GLOB '[a-z]*'),
	name		TEXT NOT NULL UNIQUE,
	summary		TEXT NOT NULL DEFAULT '',
	sort		INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Service projects: the 10 fixed (固定) and 7 featured (特色) projects.
CREATE TABLE projects (
	id		INTEGER PRIMARY KEY,
	code		TEXT NOT NULL UNIQUE CHECK (code GLOB '[a-z]*'),
	name		TEXT NOT NULL UNIQUE,
	kind		TEXT NOT NULL CHECK (kind IN ('fixed', 'featured')),
	platform_id	INTEGER REFERENCES platforms(id),
	summary		TEXT NOT NULL DEFAULT '',
	sort		INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Volunteer teams: the district corps (总队), a branch (分队) per institute,
-- the professional teams (专业队伍, "8+N") and social organisations that join.
-- org_id is the team's area: the center for district-wide teams.
CREATE TABLE teams (
	id		INTEGER PRIMARY KEY,
	name		TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 100),
	kind		TEXT NOT NULL CHECK (kind IN ('corps', 'branch', 'professional', 'social')),
	org_id		INTEGER NOT NULL REFERENCES orgs(id),
	parent_id	INTEGER REFERENCES teams(id),
	summary		TEXT NOT NULL DEFAULT '',
	is_demo		INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1)),
	active		INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	sort		INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX teams_by_org ON teams(org_id);

-- Which platforms a team specialises in (for suggesting teams at dispatch).
CREATE TABLE team_platforms (
	team_id		INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
	platform_id	INTEGER NOT NULL REFERENCES platforms(id),
	PRIMARY KEY (team_id, platform_id)
) STRICT, WITHOUT ROWID;

-- Staff accounts. The role decides what they may do, org_id (and team_id for
-- team leaders) where in the tree: 'admin' and 'dispatcher' act on the whole
-- district, 'institute' on one 所 and its stations, 'station' on one 站,
-- 'leader' on one team's tasks.
CREATE TABLE users (
	id		INTEGER PRIMARY KEY,
	login		TEXT NOT NULL UNIQUE CHECK (length(login) BETWEEN 3 AND 64),
	name		TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
	role		TEXT NOT NULL CHECK (role IN ('admin', 'dispatcher', 'institute', 'station', 'leader')),
	org_id		INTEGER NOT NULL REFERENCES orgs(id),
	team_id		INTEGER REFERENCES teams(id),
	pwhash		TEXT NOT NULL,			-- argon2id, libsodium's string form
	disabled	INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
	is_demo		INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1)),
	created_at	INTEGER NOT NULL,
	CHECK ((role = 'leader') = (team_id IS NOT NULL))
) STRICT;

-- Signed-in sessions. Only a hash of the session id is stored, so a copy of
-- the database does not let anyone sign in.
CREATE TABLE sessions (
	id_hash		BLOB PRIMARY KEY CHECK (length(id_hash) = 32),
	user_id		INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	csrf		BLOB NOT NULL CHECK (length(csrf) = 32),
	created_at	INTEGER NOT NULL,
	seen_at		INTEGER NOT NULL,
	expires_at	INTEGER NOT NULL
) STRICT;
CREATE INDEX sessions_by_user ON sessions(user_id);
CREATE INDEX sessions_by_expiry ON sessions(expires_at);

-- version: 2

-- The service menu (服务菜单): what a resident can ask for, by platform.
-- code is also the Open311 service_code. due_hours is the default time the
-- center has to complete a request for it. A retired item (active = 0) is
-- no longer offered but stays for the requests that name it.
CREATE TABLE services (
	id		INTEGER PRIMARY KEY,
	code		TEXT NOT NULL UNIQUE CHECK (code GLOB '[a-z]*' AND length(code) <= 40),
	name		TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
	platform_id	INTEGER NOT NULL REFERENCES platforms(id),
	project_id	INTEGER REFERENCES projects(id),
	summary		TEXT NOT NULL DEFAULT '',
	due_hours	INTEGER NOT NULL DEFAULT 168 CHECK (due_hours BETWEEN 1 AND 2160),
	active		INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	sort		INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX services_by_platform ON services(platform_id, active, sort);

-- Requests (群众点单). code is the tracking code residents read aloud;
-- token_hash is SHA-256 of the secret in the private manage link; contact
-- data is personal information and never shown on public pages.
-- state: submitted 待审核, dispatched 已派单, published 待接单 (抢单),
-- accepted 已接单, completed 已完成, rated 已评价, unrated 未评价 (window
-- closed), rejected 已拒绝, cancelled 已取消.
CREATE TABLE orders (
	id		INTEGER PRIMARY KEY,
	code		TEXT NOT NULL UNIQUE CHECK (length(code) = 9),
	token_hash	BLOB UNIQUE CHECK (token_hash IS NULL OR length(token_hash) = 32),
	form_nonce	TEXT UNIQUE,			-- the form it came from: one order per form
	service_id	INTEGER NOT NULL REFERENCES services(id),
	org_id		INTEGER NOT NULL REFERENCES orgs(id),	-- the 站 (or 所, or the center)
	address		TEXT NOT NULL DEFAULT '' CHECK (length(address) <= 200),
	need		TEXT NOT NULL DEFAULT '' CHECK (length(need) <= 500),
	wanted_time	TEXT NOT NULL DEFAULT '' CHECK (length(wanted_time) <= 60),
	contact_name	TEXT NOT NULL DEFAULT '' CHECK (length(contact_name) <= 40),
	contact_phone	TEXT NOT NULL DEFAULT '' CHECK (contact_phone = '' OR contact_phone GLOB '1[3-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'),
	contact_email	TEXT NOT NULL DEFAULT '' CHECK (length(contact_email) <= 120),
	lat		REAL CHECK (lat IS NULL OR lat BETWEEN -90 AND 90),
	lon		REAL CHECK (lon IS NULL OR lon BETWEEN -180 AND 180),
	channel		TEXT NOT NULL CHECK (channel IN ('web', 'open311', 'phone', 'walkin')),
	api_key_id	INTEGER REFERENCES api_keys(id),
	state		TEXT NOT NULL DEFAULT 'submitted' CHECK (state IN ('submitted', 'dispatched',
			    'published', 'accepted', 'completed', 'rated', 'unrated', 'rejected', 'cancelled')),
	reason		TEXT NOT NULL DEFAULT '' CHECK (length(reason) <= 300),	-- why rejected or cancelled, shown to the resident
	consent_at	INTEGER,			-- when the resident agreed to the use of the contact data
	created_at	INTEGER NOT NULL,
	updated_at	INTEGER NOT NULL,
	due_at		INTEGER NOT NULL,
	CHECK (channel <> 'web' OR consent_at IS NOT NULL)
) STRICT;
CREATE INDEX orders_by_state_time ON orders(state, created_at DESC, id DESC);
CREATE INDEX orders_by_org_time ON orders(org_id, created_at DESC, id DESC);
CREATE INDEX orders_by_time ON orders(created_at DESC, id DESC);
CREATE INDEX orders_by_service_time ON orders(service_id, created_at DESC);
CREATE INDEX orders_by_phone ON orders(contact_phone) WHERE contact_phone <> '';

-- What happened to a request, when, by whom and why. note is shown on the
-- public timeline only when public = 1; actor names are never shown there.
CREATE TABLE order_events (
	id		INTEGER PRIMARY KEY,
	order_id	INTEGER NOT NULL REFERENCES orders(id),
	at		INTEGER NOT NULL,
	actor		TEXT NOT NULL CHECK (actor IN ('resident', 'staff', 'volunteer', 'system', 'api')),
	actor_id	INTEGER,			-- users.id for staff, api_keys.id for api
	from_state	TEXT,
	to_state	TEXT NOT NULL,
	note		TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 500),
	public		INTEGER NOT NULL DEFAULT 1 CHECK (public IN (0, 1))
) STRICT;
CREATE INDEX order_events_by_order ON order_events(order_id, at, id);

-- Keys for Open311 clients. Only a hash of the key is stored.
CREATE TABLE api_keys (
	id		INTEGER PRIMARY KEY,
	name		TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 60),
	key_hash	BLOB NOT NULL UNIQUE CHECK (length(key_hash) = 32),
	created_at	INTEGER NOT NULL,
	revoked_at	INTEGER
) STRICT;

-- Daily counters for abuse limits, shared by every worker. key is e.g.
-- 'phone:13800000000' or 'ip:1.2.3.4'; day is the Beijing date as YYYYMMDD.
CREATE TABLE rate_counts (
	key		TEXT NOT NULL,
	day		INTEGER NOT NULL,
	count		INTEGER NOT NULL DEFAULT 0 CHECK (count >= 0),
	PRIMARY KEY (key, day)
) STRICT, WITHOUT ROWID;

-- version: 3

-- Dispatch (中心派单). team_id: the team the request is dispatched to;
-- area_id: for 抢单, the part of the tree whose volunteers may claim it;
-- the version column is bumped by every change, so two people acting on the same request
-- at once cannot overwrite each other (the second is told what happened).
ALTER TABLE orders ADD COLUMN team_id INTEGER REFERENCES teams(id);
ALTER TABLE orders ADD COLUMN area_id INTEGER REFERENCES orgs(id);
ALTER TABLE orders ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
CREATE INDEX orders_by_team ON orders(team_id, state) WHERE team_id IS NOT NULL;
CREATE INDEX orders_by_due ON orders(state, due_at);

-- Internal notes on a request: staff only, never shown to the resident.
CREATE TABLE order_notes (
	id		INTEGER PRIMARY KEY,
	order_id	INTEGER NOT NULL REFERENCES orders(id),
	user_id		INTEGER NOT NULL REFERENCES users(id),
	at		INTEGER NOT NULL,
	note		TEXT NOT NULL CHECK (length(note) BETWEEN 1 AND 500)
) STRICT;
CREATE INDEX order_notes_by_order ON order_notes(order_id, at);

-- Who saw which resident's phone number, and when (PIPL): one row each
-- time a phone number is shown to staff.
CREATE TABLE contact_views (
	id		INTEGER PRIMARY KEY,
	user_id		INTEGER NOT NULL REFERENCES users(id),
	order_id	INTEGER NOT NULL REFERENCES orders(id),
	at		INTEGER NOT NULL,
	what		TEXT NOT NULL CHECK (what IN ('page', 'export'))
) STRICT;
CREATE INDEX contact_views_by_order ON contact_views(order_id, at);
CREATE INDEX contact_views_by_user ON contact_views(user_id, at);

-- Failed sign-ins, to slow down guessing: key is 'login:NAME' or
-- 'client:ADDRESS'. Rows older than the window are removed as new ones come.
CREATE TABLE login_failures (
	key		TEXT NOT NULL,
	at		INTEGER NOT NULL
) STRICT;
CREATE INDEX login_failures_by_key ON login_failures(key, at);

-- version: 4

-- Volunteers (志愿者). They sign up at /volunteer/join and wait for a team
-- leader or staff of their place to approve them. number is the volunteer
-- number (统一编号). No identity-card numbers are collected.
-- status: pending 待审核, approved 已通过, rejected 未通过, disabled 已停用.
CREATE TABLE volunteers (
	id		INTEGER PRIMARY KEY,
	number		TEXT UNIQUE,			-- given on approval, e.g. SC2026000123
	name		TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 20),
	phone		TEXT NOT NULL UNIQUE CHECK (phone GLOB '1[3-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'),
	pwhash		TEXT NOT NULL,
	org_id		INTEGER NOT NULL REFERENCES orgs(id),	-- where they live: a 站 or 所
	party_member	INTEGER NOT NULL DEFAULT 0 CHECK (party_member IN (0, 1)),
	status		TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected', 'disabled')),
	reason		TEXT NOT NULL DEFAULT '' CHECK (length(reason) <= 200),	-- why rejected
	reviewed_by	INTEGER REFERENCES users(id),
	reviewed_at	INTEGER,
	consent_at	INTEGER NOT NULL,
	created_at	INTEGER NOT NULL,
	is_demo		INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1))
) STRICT;
CREATE INDEX volunteers_by_status ON volunteers(status, org_id);

-- The platforms a volunteer can serve, and the teams they belong to.
CREATE TABLE volunteer_platforms (
	volunteer_id	INTEGER NOT NULL REFERENCES volunteers(id) ON DELETE CASCADE,
	platform_id	INTEGER NOT NULL REFERENCES platforms(id),
	PRIMARY KEY (volunteer_id, platform_id)
) STRICT, WITHOUT ROWID;
CREATE TABLE team_members (
	team_id		INTEGER NOT NULL REFERENCES teams(id),
	volunteer_id	INTEGER NOT NULL REFERENCES volunteers(id) ON DELETE CASCADE,
	joined_at	INTEGER NOT NULL,
	PRIMARY KEY (team_id, volunteer_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX team_members_by_volunteer ON team_members(volunteer_id);

-- Volunteers' sessions (their own cookie; same rules as staff sessions, and
-- on a phone they may be remembered: 7 days idle, 30 days in all).
CREATE TABLE volunteer_sessions (
	id_hash		BLOB PRIMARY KEY CHECK (length(id_hash) = 32),
	volunteer_id	INTEGER NOT NULL REFERENCES volunteers(id) ON DELETE CASCADE,
	csrf		BLOB NOT NULL CHECK (length(csrf) = 32),
	remember	INTEGER NOT NULL DEFAULT 0 CHECK (remember IN (0, 1)),
	created_at	INTEGER NOT NULL,
	seen_at		INTEGER NOT NULL,
	expires_at	INTEGER NOT NULL
) STRICT;
CREATE INDEX volunteer_sessions_by_volunteer ON volunteer_sessions(volunteer_id);

-- How many volunteers a request wants (the dispatcher may ask for more
-- than one), and who accepted it. state: accepted (serving), returned
-- (given back before starting, with a reason), served (completed).
ALTER TABLE orders ADD COLUMN wanted INTEGER NOT NULL DEFAULT 1 CHECK (wanted BETWEEN 1 AND 50);
CREATE TABLE order_volunteers (
	order_id	INTEGER NOT NULL REFERENCES orders(id),
	volunteer_id	INTEGER NOT NULL REFERENCES volunteers(id),
	state		TEXT NOT NULL CHECK (state IN ('accepted', 'returned', 'served')),
	accepted_at	INTEGER NOT NULL,
	returned_at	INTEGER,
	reason		TEXT NOT NULL DEFAULT '' CHECK (length(reason) <= 200),
	PRIMARY KEY (order_id, volunteer_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX order_volunteers_by_volunteer ON order_volunteers(volunteer_id, state);

-- Hours served (志愿服务记录), one row per volunteer per task or activity.
-- Pending until whoever organised the work confirms them (谁组织谁记录);
-- a correction keeps the old figure in hour_changes with its reason.
CREATE TABLE hours (
	id		INTEGER PRIMARY KEY,
	volunteer_id	INTEGER NOT NULL REFERENCES volunteers(id),
	order_id	INTEGER REFERENCES orders(id),
	started_at	INTEGER NOT NULL,
	ended_at	INTEGER NOT NULL CHECK (ended_at > started_at),
	minutes		INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 1440),
	what		TEXT NOT NULL CHECK (length(what) BETWEEN 1 AND 500),
	status		TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed')),
	confirmed_by	INTEGER REFERENCES users(id),
	confirmed_at	INTEGER,
	created_at	INTEGER NOT NULL
) STRICT;
CREATE INDEX hours_by_volunteer ON hours(volunteer_id, started_at);
CREATE INDEX hours_by_status ON hours(status, created_at);
CREATE TABLE hour_changes (
	id		INTEGER PRIMARY KEY,
	hour_id		INTEGER NOT NULL REFERENCES hours(id),
	user_id		INTEGER NOT NULL REFERENCES users(id),
	at		INTEGER NOT NULL,
	old_minutes	INTEGER NOT NULL,
	new_minutes	INTEGER NOT NULL,
	reason		TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 200)
) STRICT;

-- Certificates of service (志愿服务记录证明) issued by the center; code is
-- what /verify/{code} checks; the figures are those at issue time.
CREATE TABLE certificates (
	code		TEXT PRIMARY KEY CHECK (length(code) = 12),
	volunteer_id	INTEGER NOT NULL REFERENCES volunteers(id),
	issued_at	INTEGER NOT NULL,
	minutes		INTEGER NOT NULL,
	records		INTEGER NOT NULL
) STRICT;

-- Messages to send (SMS or WeChat gateways attach through --notify-cmd).
CREATE TABLE outbox (
	id		INTEGER PRIMARY KEY,
	created_at	INTEGER NOT NULL,
	volunteer_id	INTEGER REFERENCES volunteers(id),
	recipient	TEXT NOT NULL,			-- a phone number
	body		TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 500),
	attempts	INTEGER NOT NULL DEFAULT 0,
	next_at		INTEGER NOT NULL,
	sent_at		INTEGER,
	last_error	TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX outbox_due ON outbox(next_at) WHERE sent_at IS NULL;

-- version: 5

-- 群众评单: one rating per request, from the resident's private link or from
-- the tracking page with the last four digits of the phone. level: 5 非常满意,
-- 4 满意, 3 基本满意, 2 不满意, 1 非常不满意. The comment is shown publicly only
-- when the resident agreed (show_comment). tags: chosen from a fixed list,
-- comma-separated.
CREATE TABLE ratings (
	order_id	INTEGER PRIMARY KEY REFERENCES orders(id),
	level		INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
	comment		TEXT NOT NULL DEFAULT '' CHECK (length(comment) <= 300),
	show_comment	INTEGER NOT NULL DEFAULT 0 CHECK (show_comment IN (0, 1)),
	tags		TEXT NOT NULL DEFAULT '' CHECK (length(tags) <= 100),
	via		TEXT NOT NULL CHECK (via IN ('link', 'code')),
	rated_at	INTEGER NOT NULL
) STRICT;
CREATE INDEX ratings_by_time ON ratings(rated_at);

-- When a request was completed (the rating window counts from here).
ALTER TABLE orders ADD COLUMN completed_at INTEGER;
CREATE INDEX orders_by_completed ON orders(state, completed_at);

-- Follow-up of a poor rating (不满意 or worse) on the center's desk: what
-- staff did (called the resident, the outcome); closed, or the request
-- reopened (sent back to dispatch).
CREATE TABLE followups (
	id		INTEGER PRIMARY KEY,
	order_id	INTEGER NOT NULL UNIQUE REFERENCES orders(id),
	opened_at	INTEGER NOT NULL,
	status		TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed', 'reopened')),
	note		TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 500),
	closed_by	INTEGER REFERENCES users(id),
	closed_at	INTEGER
) STRICT;
CREATE INDEX followups_by_status ON followups(status, opened_at);

-- version: 6

-- The records a certificate of service covers, fixed when it is issued.
CREATE TABLE certificate_hours (
	code		TEXT NOT NULL REFERENCES certificates(code),
	hour_id		INTEGER NOT NULL REFERENCES hours(id),
	PRIMARY KEY (code, hour_id)
) STRICT, WITHOUT ROWID;

-- version: 7

-- Requests made up by `sidan seed --demo --orders N` (for demonstrations and
-- benchmarks) are flagged, so no page can present them as real.
ALTER TABLE orders ADD COLUMN is_demo INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1));

-- version: 8

-- The level of the rating that opened a follow-up, kept even when the
-- request is reopened and rated again.
ALTER TABLE followups ADD COLUMN level INTEGER CHECK (level IS NULL OR level BETWEEN 1 AND 5);

-- version: 9

-- How many requests each place has in each state, kept by triggers, so the
-- desk's counts per state cost a few rows instead of a scan of every
-- request in scope (seconds at a million requests).
CREATE TABLE order_counts (
	org_id		INTEGER NOT NULL REFERENCES orgs(id),
	state		TEXT NOT NULL,
	n		INTEGER NOT NULL CHECK (n >= 0),
	PRIMARY KEY (org_id, state)
) STRICT, WITHOUT ROWID;
INSERT INTO order_counts(org_id, state, n) SELECT org_id, state, count(*) FROM orders GROUP BY org_id, state;
CREATE TRIGGER orders_count_insert AFTER INSERT ON orders BEGIN
	INSERT INTO order_counts(org_id, state, n) VALUES (NEW.org_id, NEW.state, 1)
	    ON CONFLICT(org_id, state) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER orders_count_update AFTER UPDATE OF state, org_id ON orders
    WHEN OLD.state <> NEW.state OR OLD.org_id <> NEW.org_id BEGIN
	UPDATE order_counts SET n = n - 1 WHERE org_id = OLD.org_id AND state = OLD.state;
	INSERT INTO order_counts(org_id, state, n) VALUES (NEW.org_id, NEW.state, 1)
	    ON CONFLICT(org_id, state) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER orders_count_delete AFTER DELETE ON orders BEGIN
	UPDATE order_counts SET n = n - 1 WHERE org_id = OLD.org_id AND state = OLD.state;
END;

-- version: 10

-- Activities (每月有活动、文明实践365): organised by staff at a site, under a
-- platform and perhaps a project. open_to says who may sign up: 'all'
-- approved volunteers, those living in the site's 'area' (its subtree), or
-- the members of one 'team'. qr_key signs the sign-in and sign-out codes
-- the organiser shows (they change every minute); it never leaves the server.
CREATE TABLE activities (
	id		INTEGER PRIMARY KEY,
	title		TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 60),
	platform_id	INTEGER NOT NULL REFERENCES platforms(id),
	project_id	INTEGER REFERENCES projects(id),
	org_id		INTEGER NOT NULL REFERENCES orgs(id),
	place		TEXT NOT NULL DEFAULT '' CHECK (length(place) <= 100),
	starts_at	INTEGER NOT NULL,
	ends_at		INTEGER NOT NULL CHECK (ends_at > starts_at),
	capacity	INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 1000),
	summary		TEXT NOT NULL DEFAULT '' CHECK (length(summary) <= 1000),
	open_to		TEXT NOT NULL DEFAULT 'all' CHECK (open_to IN ('all', 'area', 'team')),
	team_id		INTEGER REFERENCES teams(id),
	qr_key		BLOB NOT NULL CHECK (length(qr_key) = 32),
	status		TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'cancelled')),
	created_by	INTEGER NOT NULL REFERENCES users(id),
	created_at	INTEGER NOT NULL,
	is_demo		INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1)),
	CHECK ((open_to = 'team') = (team_id IS NOT NULL))
) STRICT;
CREATE INDEX activities_by_start ON activities(starts_at);
CREATE INDEX activities_by_org ON activities(org_id, starts_at);

-- Who signed up for an activity, and when they signed in and out by QR.
-- state: signed 已报名, withdrawn 已取消. hour_id is the record of service made
-- at sign-out, pending until the organiser confirms it.
CREATE TABLE activity_signups (
	activity_id	INTEGER NOT NULL REFERENCES activities(id),
	volunteer_id	INTEGER NOT NULL REFERENCES volunteers(id),
	state		TEXT NOT NULL DEFAULT 'signed' CHECK (state IN ('signed', 'withdrawn')),
	signed_at	INTEGER NOT NULL,
	withdrawn_at	INTEGER,
	checkin_at	INTEGER,
	checkout_at	INTEGER CHECK (checkout_at IS NULL OR checkin_at IS NOT NULL),
	hour_id		INTEGER REFERENCES hours(id),
	PRIMARY KEY (activity_id, volunteer_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX activity_signups_by_volunteer ON activity_signups(volunteer_id);

-- A record of service may come from an activity instead of a request.
ALTER TABLE hours ADD COLUMN activity_id INTEGER REFERENCES activities(id);

-- The honour roll (光荣榜) shows a volunteer only when they agreed, and then
-- only by the display name they chose.
ALTER TABLE volunteers ADD COLUMN on_roll INTEGER NOT NULL DEFAULT 0 CHECK (on_roll IN (0, 1));
ALTER TABLE volunteers ADD COLUMN display_name TEXT NOT NULL DEFAULT '' CHECK (length(display_name) <= 20);

-- version: 11

-- The 所 each request belongs to: its site when that is an institute, else
-- the site's institute (NULL at the center and its bases). A 所's desk then
-- reads its newest requests from one index range instead of walking every
-- request in the district (seconds of scanning at a million requests). Set
-- when a request is made; kept right if a site moves to another 所. The
-- index also holds every column the desk's list reads of a request, so a
-- page of 50 is read from a few index pages, not 50 rows scattered over
-- the table.
ALTER TABLE orders ADD COLUMN institute_id INTEGER REFERENCES orgs(id);
UPDATE orders SET institute_id = (SELECT CASE WHEN g.kind = 'institute' THEN g.id
    WHEN p.kind = 'institute' THEN p.id END
    FROM orgs g LEFT JOIN orgs p ON p.id = g.parent_id WHERE g.id = orders.org_id);
CREATE INDEX orders_by_institute_time ON orders(institute_id, created_at DESC, id DESC,
    state, code, service_id, org_id, team_id, due_at) WHERE institute_id IS NOT NULL;
CREATE TRIGGER orgs_parent_update AFTER UPDATE OF parent_id ON orgs
    WHEN OLD.parent_id IS NOT NEW.parent_id BEGIN
	UPDATE orders SET institute_id = (SELECT CASE WHEN NEW.kind = 'institute' THEN NEW.id
	    WHEN p.kind = 'institute' THEN p.id END FROM orgs p WHERE p.id = NEW.parent_id)
	    WHERE org_id = NEW.id;
END;

-- version: 12

-- Who may read an event's note is said by the field it was typed in, not by
-- whether the move itself is public: a reopened request's move is public,
-- the staff's 回访记录 that caused it is not. note_public = 1 only for the
-- fields labelled 群众可以看到 (the reasons for 不予受理 and for a cancel by
-- staff). Earlier rows: those two kinds of staff notes were public, nothing
-- else was meant to be.
ALTER TABLE order_events ADD COLUMN note_public INTEGER NOT NULL DEFAULT 0
    CHECK (note_public IN (0, 1));
UPDATE order_events SET note_public = 1 WHERE public = 1 AND actor = 'staff'
    AND to_state IN ('rejected', 'cancelled') AND note <> '';

-- Staff see a resident's phone masked until they press 显示 and give a
-- reason; each reveal is kept with that reason (PIPL). 'export' rows are the
-- CSV export, which has its own reason.
ALTER TABLE contact_views ADD COLUMN reason TEXT NOT NULL DEFAULT ''
    CHECK (length(reason) <= 100);

-- A resident with only a 座机 gives it with its area code, stored as
-- "0349-5021234" (src/phone.c); contact_phone stays the mobile, '' then, so
-- a message that needs a mobile finds none. A request has one of the two.
ALTER TABLE orders ADD COLUMN contact_landline TEXT NOT NULL DEFAULT ''
    CHECK (contact_landline = '' OR contact_landline GLOB '0[1-9]*-[2-9]*');
CREATE INDEX orders_by_landline ON orders(contact_landline) WHERE contact_landline <> '';

-- Each run of `sidan purge`: when, how old a closed request had to be, and
-- how many requests' contact details it cleared; the admin's audit page
-- shows the last one.
CREATE TABLE purge_runs (
	id		INTEGER PRIMARY KEY,
	at		INTEGER NOT NULL,
	days		INTEGER NOT NULL CHECK (days >= 0),
	cleared		INTEGER NOT NULL CHECK (cleared >= 0)
) STRICT;

-- version: 13

-- Changes staff make to a site's details on the desk (/desk/sites/{id}): who
-- changed which field of which site, when, and from what to what (the
-- position as "lat, lon", "" when none). Read on the site's desk page.
CREATE TABLE site_changes (
	id		INTEGER PRIMARY KEY,
	org_id		INTEGER NOT NULL REFERENCES orgs(id),
	user_id		INTEGER NOT NULL REFERENCES users(id),
	at		INTEGER NOT NULL,
	field		TEXT NOT NULL CHECK (field IN ('address', 'open_hours', 'office_phone', 'position')),
	old_value	TEXT NOT NULL CHECK (length(old_value) <= 200),
	new_value	TEXT NOT NULL CHECK (length(new_value) <= 200)
) STRICT;
CREATE INDEX site_changes_by_org ON site_changes(org_id, at DESC, id DESC);

-- version: 14

-- The service menu, reviewed against what each platform is for (README,
-- 服务菜单与五大平台): 法律咨询 explains the law as 理论宣讲 explains policy;
-- 安全知识讲座 and 心肺复苏培训 teach safety and first aid, which is 科技科普.
-- An item moves only while it is still under the platform the seed gave it:
-- an admin may have placed it elsewhere on purpose. The projects behind the
-- three move with them, and a platform's summary says what it now holds,
-- unless someone has changed it.
UPDATE services SET platform_id = (SELECT id FROM platforms WHERE code = 'theory')
    WHERE code = 'legal-advice'
    AND platform_id = (SELECT id FROM platforms WHERE code = 'education');
UPDATE services SET platform_id = (SELECT id FROM platforms WHERE code = 'science')
    WHERE code = 'safety-education'
    AND platform_id = (SELECT id FROM platforms WHERE code = 'education');
UPDATE services SET platform_id = (SELECT id FROM platforms WHERE code = 'science')
    WHERE code = 'cpr-training'
    AND platform_id = (SELECT id FROM platforms WHERE code = 'fitness');
UPDATE projects SET platform_id = (SELECT id FROM platforms WHERE code = 'theory')
    WHERE code = 'legal-advice'
    AND platform_id = (SELECT id FROM platforms WHERE code = 'education');
UPDATE projects SET platform_id = (SELECT id FROM platforms WHERE code = 'science')
    WHERE code = 'safety-education'
    AND platform_id = (SELECT id FROM platforms WHERE code = 'education');
UPDATE projects SET platform_id = (SELECT id FROM platforms WHERE code = 'science')
    WHERE code = 'cpr-for-all'
    AND platform_id = (SELECT id FROM platforms WHERE code = 'fitness');
UPDATE platforms SET summary = '把党的创新理论、惠民政策和法律法规讲到田间地头、百姓身边。'
    WHERE code = 'theory' AND summary = '把党的创新理论和惠民政策讲到田间地头、百姓身边。';
UPDATE platforms SET summary = '课业辅导、送教上门、关爱困境儿童和家庭教育。'
    WHERE code = 'education' AND summary = '助学支教、家庭教育、法律和安全知识普及。';
UPDATE platforms SET summary = '科学普及、农业技术、智能手机使用、安全和急救知识、环境保护。'
    WHERE code = 'science' AND summary = '科学普及、农业技术、环境保护等科技服务。';
UPDATE platforms SET summary = '全民健身、健康义诊、心理健康和关爱老人身心健康。'
    WHERE code = 'fitness' AND summary = '全民健身、健康知识和急救技能普及。';

-- version: 15

-- The public events of every request in a time range, oldest first: the
-- Open311 extension servicerequestupdates (src/model/order_updates.c) reads
-- a range of at through this index instead of scanning every event.
CREATE INDEX IF NOT EXISTS order_events_by_time ON order_events(at, id);

-- version: 16

-- Messages (issue 15). Every step of the four orders, and what happens to
-- volunteers and staff, becomes one row per recipient here: the inbox
-- (站内信) of a volunteer or a staff member, and an SMS when a phone is
-- known and a gateway is configured. A resident has no inbox: their rows
-- carry only the phone. kind names the row of the message table in
-- src/model/message_text.c; text is complete (signed 【文明朔城】), link a
-- path on this site that the sender prefixes with the site's address.
-- sms: none (inbox only), pending (to send at next_at), sent, dead (given
-- up after a day; the admin may retry), skipped (a limit or a preference
-- stopped it; last_error says which). The idempotency key of a message is
-- its id: a message sent again after a crash carries the same key.
CREATE TABLE messages (
	id		INTEGER PRIMARY KEY,
	created_at	INTEGER NOT NULL,
	kind		TEXT NOT NULL CHECK (length(kind) BETWEEN 1 AND 40),
	order_id	INTEGER REFERENCES orders(id),
	volunteer_id	INTEGER REFERENCES volunteers(id),	-- to a volunteer
	user_id		INTEGER REFERENCES users(id),		-- to a staff member
	phone		TEXT NOT NULL DEFAULT '',		-- the SMS goes here; '' none
	text		TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 200),
	link		TEXT NOT NULL DEFAULT '' CHECK (length(link) <= 80),
	urgent		INTEGER NOT NULL DEFAULT 0 CHECK (urgent IN (0, 1)),	-- not held by quiet hours
	sms		TEXT NOT NULL DEFAULT 'none' CHECK (sms IN ('none', 'pending', 'sent', 'dead', 'skipped')),
	attempts	INTEGER NOT NULL DEFAULT 0,
	next_at		INTEGER NOT NULL DEFAULT 0,
	sent_at		INTEGER,
	last_error	TEXT NOT NULL DEFAULT '' CHECK (length(last_error) <= 200),
	read_at		INTEGER,
	CHECK (volunteer_id IS NULL OR user_id IS NULL)
) STRICT;
CREATE INDEX messages_due ON messages(next_at, id) WHERE sms = 'pending';
CREATE INDEX messages_dead ON messages(id) WHERE sms = 'dead';
CREATE INDEX messages_of_volunteer ON messages(volunteer_id, id) WHERE volunteer_id IS NOT NULL;
CREATE INDEX messages_of_user ON messages(user_id, id) WHERE user_id IS NOT NULL;
-- The unread count in the navigation, on every page: only unread rows.
CREATE INDEX messages_unread_of_volunteer ON messages(volunteer_id) WHERE read_at IS NULL AND volunteer_id IS NOT NULL;
CREATE INDEX messages_unread_of_user ON messages(user_id) WHERE read_at IS NULL AND user_id IS NOT NULL;
CREATE INDEX messages_of_order ON messages(order_id, id) WHERE order_id IS NOT NULL;
CREATE INDEX messages_sent_to ON messages(phone, sent_at) WHERE sms = 'sent';

-- What the sender must turn into messages, written by triggers in the same
-- transaction as its cause: kind 'event' (ref_id an order_events row),
-- 'review' (a volunteer approved or declined: volunteers.id), 'hours'
-- (hours confirmed: hours.id), 'hours_change' (hours corrected:
-- hour_changes.id), 'broadcast' (a request open for 抢单: orders.id; the
-- sender reaches its volunteers in batches, nearest first, progress counts
-- those reached). A job is deleted once its messages are written.
CREATE TABLE message_jobs (
	id		INTEGER PRIMARY KEY,
	kind		TEXT NOT NULL CHECK (kind IN ('event', 'review', 'hours', 'hours_change', 'broadcast')),
	ref_id		INTEGER NOT NULL,
	created_at	INTEGER NOT NULL,
	next_at		INTEGER NOT NULL DEFAULT 0,
	progress	INTEGER NOT NULL DEFAULT 0
) STRICT;
-- No index: the table holds only what the sender has not reached yet (a
-- handful of rows), and every request that moves an order writes one row.

CREATE TRIGGER order_events_message AFTER INSERT ON order_events
BEGIN
	INSERT INTO message_jobs(kind, ref_id, created_at) VALUES ('event', new.id, new.at);
END;
CREATE TRIGGER volunteers_reviewed_message AFTER UPDATE OF status ON volunteers
WHEN old.status = 'pending' AND new.status IN ('approved', 'rejected')
BEGIN
	INSERT INTO message_jobs(kind, ref_id, created_at) VALUES ('review', new.id, coalesce(new.reviewed_at, 0));
END;
CREATE TRIGGER hours_confirmed_message AFTER UPDATE OF status ON hours
WHEN old.status = 'pending' AND new.status = 'confirmed'
BEGIN
	INSERT INTO message_jobs(kind, ref_id, created_at) VALUES ('hours', new.id, coalesce(new.confirmed_at, 0));
END;
CREATE TRIGGER hour_changes_message AFTER INSERT ON hour_changes
BEGIN
	INSERT INTO message_jobs(kind, ref_id, created_at) VALUES ('hours_change', new.id, new.at);
END;

-- Moves are kind 'move'; 'urge' is staff pressing 催办 (the team is
-- messaged again), 'escalate' is 督办 (not accepted in time, or overdue:
-- the 所, then the centre are told). Neither changes the state (from_state
-- = to_state) and neither is public.
ALTER TABLE order_events ADD COLUMN kind TEXT NOT NULL DEFAULT 'move'
    CHECK (kind IN ('move', 'urge', 'escalate'));

-- The resident's choice on the form: 0 for 不接收短信. phone_confirmed: the
-- mobile was confirmed with a 验证码 (only such requests count towards the
-- per-phone daily limit when a gateway is configured).
ALTER TABLE orders ADD COLUMN sms_ok INTEGER NOT NULL DEFAULT 1 CHECK (sms_ok IN (0, 1));
ALTER TABLE orders ADD COLUMN phone_confirmed INTEGER NOT NULL DEFAULT 0 CHECK (phone_confirmed IN (0, 1));
-- 督办 of a request: how far "not accepted in time" and "overdue" have
-- escalated (0 not yet, 1 the 所 was told, 2 the centre was told), and
-- whether the resident was reminded to rate.
ALTER TABLE orders ADD COLUMN escalated INTEGER NOT NULL DEFAULT 0 CHECK (escalated BETWEEN 0 AND 2);
ALTER TABLE orders ADD COLUMN overdue_level INTEGER NOT NULL DEFAULT 0 CHECK (overdue_level BETWEEN 0 AND 2);
ALTER TABLE orders ADD COLUMN rate_reminded INTEGER NOT NULL DEFAULT 0 CHECK (rate_reminded IN (0, 1));
-- Hours after dispatch or publication before a request not accepted is 督办.
ALTER TABLE services ADD COLUMN escalate_hours INTEGER NOT NULL DEFAULT 24
    CHECK (escalate_hours BETWEEN 1 AND 720);
-- A volunteer's preferences: 抢单 broadcasts on or off; their own quiet
-- hours in minutes after Beijing midnight (NULL: the site's).
ALTER TABLE volunteers ADD COLUMN broadcasts INTEGER NOT NULL DEFAULT 1 CHECK (broadcasts IN (0, 1));
ALTER TABLE volunteers ADD COLUMN quiet_from INTEGER CHECK (quiet_from IS NULL OR quiet_from BETWEEN 0 AND 1439);
ALTER TABLE volunteers ADD COLUMN quiet_to INTEGER CHECK (quiet_to IS NULL OR quiet_to BETWEEN 0 AND 1439);
-- The day-before reminder of an activity was written.
ALTER TABLE activity_signups ADD COLUMN reminded INTEGER NOT NULL DEFAULT 0 CHECK (reminded IN (0, 1));

-- Marks the housekeeping process keeps between runs (e.g. the last request
-- put in a digest to staff).
CREATE TABLE house_marks (
	name		TEXT PRIMARY KEY,
	value		INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- 验证码: a 6-digit code sent to a mobile, stored as a keyed hash. purpose:
-- 'order' (a resident confirming the phone of a web request) or 'login' (a
-- volunteer signing in). client: the address that asked (for its limit).
CREATE TABLE phone_codes (
	id		INTEGER PRIMARY KEY,
	phone		TEXT NOT NULL,
	purpose		TEXT NOT NULL CHECK (purpose IN ('order', 'login')),
	code_hash	BLOB NOT NULL CHECK (length(code_hash) = 32),
	client		TEXT NOT NULL DEFAULT '',
	created_at	INTEGER NOT NULL,
	expires_at	INTEGER NOT NULL,
	tries		INTEGER NOT NULL DEFAULT 0,
	used_at		INTEGER
) STRICT;
CREATE INDEX phone_codes_by_phone ON phone_codes(phone, created_at);
CREATE INDEX phone_codes_by_client ON phone_codes(client, created_at);

-- The messages of the old outbox not yet sent move to messages (the outbox
-- stays as history and is no longer read).
INSERT INTO messages(created_at, kind, volunteer_id, phone, text, sms, attempts, next_at, last_error)
    SELECT created_at, 'task_team', volunteer_id, recipient, substr(body, 1, 200), 'pending', attempts,
    next_at, substr(last_error, 1, 200) FROM outbox WHERE sent_at IS NULL;

-- version: 17

-- 工作动态 (issue 16): short articles staff publish for their part of the
-- tree. The body is plain text (paragraphs split on blank lines, escaped like
-- everything else). org_id is the place the article concerns (within the
-- author's scope); platform_id, when set, puts it on that platform's page;
-- activity_id, when set, makes it the activity's 活动风采 (its report with
-- photos), shown on the activity's page. Only published articles are public.
CREATE TABLE news (
	id		INTEGER PRIMARY KEY,
	title		TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 60),
	body		TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
	org_id		INTEGER NOT NULL REFERENCES orgs(id),
	platform_id	INTEGER REFERENCES platforms(id),
	activity_id	INTEGER REFERENCES activities(id),
	state		TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'published')),
	author_id	INTEGER NOT NULL REFERENCES users(id),
	created_at	INTEGER NOT NULL,
	updated_at	INTEGER NOT NULL,
	published_at	INTEGER,
	is_demo		INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1)),
	CHECK ((state = 'published') = (published_at IS NOT NULL))
) STRICT;
CREATE INDEX news_published ON news(published_at DESC, id DESC) WHERE state = 'published';
CREATE INDEX news_by_org ON news(org_id, published_at DESC, id DESC) WHERE state = 'published';
CREATE INDEX news_by_platform ON news(platform_id, published_at DESC, id DESC)
	WHERE state = 'published' AND platform_id IS NOT NULL;
CREATE INDEX news_by_activity ON news(activity_id) WHERE activity_id IS NOT NULL;
CREATE INDEX news_by_author ON news(author_id, updated_at DESC);

-- Photos (issue 16). Each is two JPEG files of the media store (DATA/media,
-- named by the SHA-256 of their bytes, every piece of metadata stripped):
-- file, at most 1280 px a side, and thumb, at most 320 px. A photo belongs
-- to one thing, and kind says who may see it:
--   request     a resident's photo of what they need (order_id): staff in
--               the request's scope and its serving volunteers, never public
--   completion  a volunteer's photo at 结项 (order_id, volunteer_id): the
--               same readers; public only once staff mark it 可公开
--               (public = 1, public_by the staff member)
--   news        a 工作动态 or 活动风采 photo (news_id, user_id): public once
--               the article is published
-- Deleting a row does not delete its files: the files go when no row names
-- them (src/model/photo.c), so one file may serve two rows.
CREATE TABLE photos (
	id		INTEGER PRIMARY KEY,
	kind		TEXT NOT NULL CHECK (kind IN ('request', 'completion', 'news')),
	order_id	INTEGER REFERENCES orders(id),
	news_id		INTEGER REFERENCES news(id),
	volunteer_id	INTEGER REFERENCES volunteers(id),
	user_id		INTEGER REFERENCES users(id),
	file		TEXT NOT NULL CHECK (length(file) = 64),
	width		INTEGER NOT NULL CHECK (width BETWEEN 1 AND 4096),
	height		INTEGER NOT NULL CHECK (height BETWEEN 1 AND 4096),
	thumb		TEXT NOT NULL CHECK (length(thumb) = 64),
	thumb_width	INTEGER NOT NULL CHECK (thumb_width BETWEEN 1 AND 4096),
	thumb_height	INTEGER NOT NULL CHECK (thumb_height BETWEEN 1 AND 4096),
	bytes		INTEGER NOT NULL CHECK (bytes > 0),	-- both files
	public		INTEGER NOT NULL DEFAULT 0 CHECK (public IN (0, 1)),
	public_by	INTEGER REFERENCES users(id),
	created_at	INTEGER NOT NULL,
	CHECK ((kind IN ('request', 'completion')) = (order_id IS NOT NULL)),
	CHECK ((kind = 'news') = (news_id IS NOT NULL)),
	CHECK (kind = 'completion' OR public_by IS NULL),
	CHECK (kind <> 'request' OR public = 0)
) STRICT;
CREATE INDEX photos_by_file ON photos(file);
CREATE INDEX photos_by_thumb ON photos(thumb);
CREATE INDEX photos_by_order ON photos(order_id, id) WHERE order_id IS NOT NULL;
CREATE INDEX photos_by_news ON photos(news_id, id) WHERE news_id IS NOT NULL;

-- Open311's media_url: a link a client sent with a request, kept for staff
-- (sidan fetches nothing).
ALTER TABLE orders ADD COLUMN media_url TEXT NOT NULL DEFAULT '' CHECK (length(media_url) <= 500);

-- version: 18

-- 星级志愿者 (issue 19): the confirmed hours that make one to five stars.
-- The defaults are the national thresholds of 《志愿服务记录办法》; the admin
-- may set a place's own (/admin/stars).
CREATE TABLE star_levels (
	stars		INTEGER PRIMARY KEY CHECK (stars BETWEEN 1 AND 5),
	hours		INTEGER NOT NULL CHECK (hours BETWEEN 1 AND 100000),
	updated_by	INTEGER REFERENCES users(id),
	updated_at	INTEGER
) STRICT;
INSERT INTO star_levels(stars, hours) VALUES (1, 100), (2, 300), (3, 600), (4, 1000), (5, 1500);

-- 积分兑换 (爱心超市): what a place offers for points, with a stock.
CREATE TABLE goods (
	id		INTEGER PRIMARY KEY,
	org_id		INTEGER NOT NULL REFERENCES orgs(id),
	name		TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 40),
	note		TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 200),
	points		INTEGER NOT NULL CHECK (points BETWEEN 1 AND 100000),
	stock		INTEGER NOT NULL CHECK (stock >= 0),
	active		INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	created_by	INTEGER NOT NULL REFERENCES users(id),
	created_at	INTEGER NOT NULL,
	updated_at	INTEGER NOT NULL
) STRICT;
CREATE INDEX goods_by_org ON goods(org_id, id);

-- One exchange: asked by a volunteer (the points are held from then on),
-- handed over by staff of the place (done: the stock goes down), or
-- cancelled (by either; the points come back). points is the price when
-- asked. A volunteer's balance is their earned points (confirmed hours ×
-- SIDAN_POINTS_PER_HOUR) less the points of their asked and done exchanges.
CREATE TABLE exchanges (
	id		INTEGER PRIMARY KEY,
	goods_id	INTEGER NOT NULL REFERENCES goods(id),
	volunteer_id	INTEGER NOT NULL REFERENCES volunteers(id),
	org_id		INTEGER NOT NULL REFERENCES orgs(id),
	points		INTEGER NOT NULL CHECK (points > 0),
	state		TEXT NOT NULL DEFAULT 'asked' CHECK (state IN ('asked', 'done', 'cancelled')),
	asked_at	INTEGER NOT NULL,
	done_at		INTEGER,
	done_by		INTEGER REFERENCES users(id),
	cancelled_at	INTEGER,
	cancelled_by	INTEGER REFERENCES users(id),	-- NULL: the volunteer
	reason		TEXT NOT NULL DEFAULT '' CHECK (length(reason) <= 200),
	CHECK ((state = 'done') = (done_at IS NOT NULL)),
	CHECK ((state = 'cancelled') = (cancelled_at IS NOT NULL))
) STRICT;
CREATE INDEX exchanges_by_volunteer ON exchanges(volunteer_id, id);
CREATE INDEX exchanges_by_org ON exchanges(org_id, id);
CREATE INDEX exchanges_held ON exchanges(volunteer_id) WHERE state IN ('asked', 'done');

-- version: 19

-- Figures kept by the housekeeping process (issue 18): whatever scans a
-- year of requests (the figures, the five-star teams, the honour roll, the
-- hours of the year) is computed there every SIDAN_STATS_TTL seconds and
-- written here; workers read the ready row and never run the scan. name
-- says what it is (model/kept.h), since is the start of the period it
-- covers, made_at when it was computed, body its rows as JSON.
CREATE TABLE kept_figures (
	name		TEXT PRIMARY KEY,
	since		INTEGER NOT NULL,
	made_at		INTEGER NOT NULL,
	body		TEXT NOT NULL
) STRICT;

-- version: 20

-- The full-text index of the requests' typed text (issue 18): the desk's
-- search by words of the need or the resident's name. External content
-- (the text stays in orders only); the tokenizer sidan_bigram is sidan's
-- (model/text_index.c): a token per character, the two characters from
-- there, so any substring of 2 or more characters is a phrase and one
-- character a prefix (prefix='1': an index of each token's first character,
-- so a one-character search reads one list, not every bigram's). Only
-- sidan has the tokenizer, so no trigger touches orders_fts: the triggers
-- below, which need none, note in orders_fts_stale each request whose text
-- is written, by sidan or the sqlite3 tool, with what the index still
-- holds for it (indexed = 1: need and contact_name as indexed; 0:
-- nothing), and sidan's housekeeping process brings them into the index in
-- batches (model/text_index.c). The desk searches noted requests by
-- instr() meanwhile; `sidan check --repair` rebuilds the whole index.
CREATE VIRTUAL TABLE orders_fts USING fts5(need, contact_name, content='orders',
    content_rowid='id', tokenize='sidan_bigram', prefix='1', columnsize=0);
-- FTS5 makes its own tables beside it, never written but through
-- orders_fts: orders_fts_data (the index), orders_fts_idx (its segments)
-- and orders_fts_config (its settings).
CREATE TABLE orders_fts_stale (
	id		INTEGER PRIMARY KEY,	-- orders.id (the request may be gone)
	indexed		INTEGER NOT NULL CHECK (indexed IN (0, 1)),
	need		TEXT,
	contact_name	TEXT
) STRICT;
CREATE TRIGGER orders_fts_stale_insert AFTER INSERT ON orders
    BEGIN
	INSERT OR IGNORE INTO orders_fts_stale(id, indexed) VALUES (NEW.id, 0);
END;
CREATE TRIGGER orders_fts_stale_update AFTER UPDATE OF need, contact_name ON orders
    BEGIN
	INSERT OR IGNORE INTO orders_fts_stale(id, indexed, need, contact_name)
	    VALUES (OLD.id, 1, OLD.need, OLD.contact_name);
END;
CREATE TRIGGER orders_fts_stale_delete AFTER DELETE ON orders
    BEGIN
	INSERT OR IGNORE INTO orders_fts_stale(id, indexed, need, contact_name)
	    VALUES (OLD.id, 1, OLD.need, OLD.contact_name);
END;
INSERT INTO orders_fts(orders_fts) VALUES ('rebuild');

-- version: 21

-- Conditional GETs (issue 18): a request's public_version goes up with
-- every change to what its public pages show (the request's public
-- columns, its public timeline, its rating, its public photos; a staff
-- note or a resident's own photo is not shown, so does not count), so
-- that /track/CODE and Open311 answer an If-None-Match without rendering. (version, of version 3, is the
-- dispatchers' guard against overwriting each other, bumped by the code.)
-- The triggers are plain SQL: any writer, the sqlite3 shell too, keeps it.
ALTER TABLE orders ADD COLUMN public_version INTEGER NOT NULL DEFAULT 0;
CREATE TRIGGER orders_public_version AFTER UPDATE OF state, reason, service_id, org_id,
	team_id, lat, lon, created_at, updated_at, due_at ON orders
WHEN NEW.public_version = OLD.public_version
BEGIN UPDATE orders SET public_version = OLD.public_version + 1 WHERE id = NEW.id; END;
CREATE TRIGGER order_events_public_version_insert AFTER INSERT ON order_events WHEN NEW.public = 1
BEGIN UPDATE orders SET public_version = public_version + 1 WHERE id = NEW.order_id; END;
CREATE TRIGGER order_events_public_version_update AFTER UPDATE ON order_events
WHEN NEW.public = 1 OR OLD.public = 1
BEGIN UPDATE orders SET public_version = public_version + 1 WHERE id = NEW.order_id; END;
CREATE TRIGGER ratings_public_version_insert AFTER INSERT ON ratings
BEGIN UPDATE orders SET public_version = public_version + 1 WHERE id = NEW.order_id; END;
CREATE TRIGGER ratings_public_version_update AFTER UPDATE ON ratings
BEGIN UPDATE orders SET public_version = public_version + 1 WHERE id = NEW.order_id; END;
CREATE TRIGGER ratings_public_version_delete AFTER DELETE ON ratings
BEGIN UPDATE orders SET public_version = public_version + 1 WHERE id = OLD.order_id; END;
CREATE TRIGGER photos_public_version_insert AFTER INSERT ON photos
WHEN NEW.order_id IS NOT NULL AND NEW.public = 1
BEGIN UPDATE orders SET public_version = public_version + 1 WHERE id = NEW.order_id; END;
CREATE TRIGGER photos_public_version_update AFTER UPDATE ON photos
WHEN NEW.order_id IS NOT NULL AND (NEW.public = 1 OR OLD.public = 1)
BEGIN UPDATE orders SET public_version = public_version + 1 WHERE id = NEW.order_id; END;
CREATE TRIGGER photos_public_version_delete AFTER DELETE ON photos
WHEN OLD.order_id IS NOT NULL AND OLD.public = 1
BEGIN UPDATE orders SET public_version = public_version + 1 WHERE id = OLD.order_id; END;

-- A team leader's desk lists the team's requests newest first: without
-- this, each view sorted all of a team's requests (0.3 s for a team of
-- 85,000 at a million). Dispatched requests only: a new request has no
-- team, so the form's insert does not pay for it.
CREATE INDEX orders_by_team_time ON orders(team_id, created_at DESC, id DESC)
    WHERE team_id IS NOT NULL;

-- What public pages show beside the requests, counted by kind for their
-- validators: 'places', any change to places, services, platforms,
-- projects and teams (their names, phones and addresses are on most
-- pages); 'news', any change to the articles of 工作动态, their photos and
-- the activities they name.
CREATE TABLE change_counts (
	name		TEXT PRIMARY KEY,
	n		INTEGER NOT NULL
) STRICT;
INSERT INTO change_counts(name, n) VALUES ('places', 0), ('news', 0);
CREATE TRIGGER orgs_places_insert AFTER INSERT ON orgs
BEGIN UPDATE change_counts SET n = n + 1 WHERE name = 'places'; END;
CREATE TRIGGER orgs_places_update AFTER UPDATE ON orgs
BEGIN UPDATE change_counts SET n = n + 1 WHERE name = 'places'; END;
CREATE TRIGGER orgs_places_delete AFTER DELETE ON orgs
BEGIN UPDATE change_counts SET n = n + 1 WHERE name = 'places'; END;
CREATE TRIGGER services_places_insert AFTER INSERT ON services
BEGIN UPDATE change_counts SET n = n + 1 WHERE name = 'places'; END;
CREATE TRIGGER services_places_update AFTER UPDATE ON services
BEGIN UPDATE change_counts SET n = n + 1 WHERE name = 'places'; END;
CREATE TRIGGER services_places_delete AFTER DELETE ON services
BEGIN UPDATE change_counts SET n = n + 1 WHERE name = 'places'; END;
CREATE TRIGGER platforms_places_update AFTER UPDATE ON platforms
BEGIN UPDATE change_counts SET n = n + 1 WHERE name = 'places'; END;
CREATE TRIGGER projects_places_insert AFTER INSERT ON projects
BEGIN UPDATE change_counts SET n = n + 1 WHERE name = 'places'; END;
CREATE TRIGGER projects_places_update AFTER UPDATE ON projects
BEGIN UPDATE change_counts SET n = n + 1 WHERE name = 'places'; END;
CREATE TRIGGER teams_places_insert AFTER INSERT ON teams
BEGIN UPDATE change_counts SET n = n + 1 WHERE name = 'places'; END;
CREATE TRIGGER teams_places_update AFTER UPDATE ON teams
BEGIN UPDATE change_counts SET n = n + 1 WHERE name = 'places'; END;
CREATE TRIGGER teams_places_delete AFTER DELETE ON teams
BEGIN UPDATE change_counts SET n = n + 1 WHERE name = 'places'; END;
CREATE TRIGGER news_news_insert AFTER INSERT ON news
BEGIN UPDATE change_counts SET n = n + 1 WHERE name = 'news'; END;
CREATE TRIGGER news_news_update AFTER UPDATE ON news
BEGIN UPDATE change_counts SET n = n + 1 WHERE name = 'news'; END;
CREATE TRIGGER news_news_delete AFTER DELETE ON news
BEGIN UPDATE change_counts SET n = n + 1 WHERE name = 'news'; END;
CREATE TRIGGER photos_news_insert AFTER INSERT ON photos WHEN NEW.news_id IS NOT NULL
BEGIN UPDATE change_counts SET n = n + 1 WHERE name = 'news'; END;
CREATE TRIGGER photos_news_update AFTER UPDATE ON photos WHEN NEW.news_id IS NOT NULL
BEGIN UPDATE change_counts SET n = n + 1 WHERE name = 'news'; END;
CREATE TRIGGER photos_news_delete AFTER DELETE ON photos WHEN OLD.news_id IS NOT NULL
BEGIN UPDATE change_counts SET n = n + 1 WHERE name = 'news'; END;
CREATE TRIGGER activities_news_update AFTER UPDATE OF title ON activities
BEGIN UPDATE change_counts SET n = n + 1 WHERE name = 'news'; END;

-- version: 22

-- A volunteer's task list (issue 18): the 抢单 open to an area, found by
-- the area instead of by testing every open request of the district.
CREATE INDEX orders_by_area ON orders(area_id, state) WHERE area_id IS NOT NULL;

-- The center's desk sums its counts per state over every place: by this
-- index, without sorting the table (a third of the time).
CREATE INDEX order_counts_by_state ON order_counts(state, n);

-- What the desk's 待审核 counts depend on (applications to join, reported
-- hours, and where each belongs), counted in change_counts 'pending': a
-- desk counts its pending again only when this moves, not at every new
-- request of the district (issue 18: at a million requests the count of a
-- 所's pending hours costs milliseconds, and requests arrive all day).
INSERT INTO change_counts(name, n) VALUES ('pending', 0);
CREATE TRIGGER hours_pending_insert AFTER INSERT ON hours
BEGIN UPDATE change_counts SET n = n + 1 WHERE name = 'pending'; END;
CREATE TRIGGER hours_pending_update AFTER UPDATE ON hours
BEGIN UPDATE change_counts SET n = n + 1 WHERE name = 'pending'; END;
CREATE TRIGGER hours_pending_delete AFTER DELETE ON hours
BEGIN UPDATE change_counts SET n = n + 1 WHERE name = 'pending'; END;
CREATE TRIGGER volunteers_pending_insert AFTER INSERT ON volunteers
BEGIN UPDATE change_counts SET n = n + 1 WHERE name = 'pending'; END;
CREATE TRIGGER volunteers_pending_update AFTER UPDATE OF status, org_id ON volunteers
BEGIN UPDATE change_counts SET n = n + 1 WHERE name = 'pending'; END;
CREATE TRIGGER volunteers_pending_delete AFTER DELETE ON volunteers
BEGIN UPDATE change_counts SET n = n + 1 WHERE name = 'pending'; END;
CREATE TRIGGER team_members_pending_insert AFTER INSERT ON team_members
BEGIN UPDATE change_counts SET n = n + 1 WHERE name = 'pending'; END;
CREATE TRIGGER team_members_pending_update AFTER UPDATE ON team_members
BEGIN UPDATE change_counts SET n = n + 1 WHERE name = 'pending'; END;
CREATE TRIGGER team_members_pending_delete AFTER DELETE ON team_members
BEGIN UPDATE change_counts SET n = n + 1 WHERE name = 'pending'; END;
CREATE TRIGGER orders_pending_update AFTER UPDATE OF team_id, org_id ON orders
    WHEN OLD.team_id IS NOT NEW.team_id OR OLD.org_id <> NEW.org_id
BEGIN UPDATE change_counts SET n = n + 1 WHERE name = 'pending'; END;
CREATE TRIGGER activities_pending_update AFTER UPDATE OF team_id, org_id ON activities
BEGIN UPDATE change_counts SET n = n + 1 WHERE name = 'pending'; END;
CREATE TRIGGER orgs_pending_update AFTER UPDATE OF parent_id ON orgs
BEGIN UPDATE change_counts SET n = n + 1 WHERE name = 'pending'; END;

-- version: 23

-- Whether the requests' ids follow their times (issue 18): the desk lists
-- a common word's newest matches from the text index in id order, which
-- is the desk's order (created_at, then id) only while no request is
-- newer than one entered after it. sidan enters requests at the clock's
-- time, so this holds unless a request is written with an earlier time
-- (an import, the sqlite3 tool) or a time is changed: these triggers then
-- count it in change_counts 'orders_disorder', and the desk reads the
-- requests by time instead. The count starts as the number of requests
-- out of order now; `sidan seed --orders` counts again after its load.
INSERT INTO change_counts(name, n)
SELECT 'orders_disorder', count(*) FROM (SELECT id > lag(id) OVER (ORDER BY created_at DESC, id DESC)
    AS back FROM orders) WHERE back;
-- Each test reads one range, by the index or by id (the + keeps SQLite
-- from reading the other range: all requests older than the new one).
CREATE TRIGGER orders_disorder_insert AFTER INSERT ON orders
WHEN EXISTS (SELECT 1 FROM orders WHERE created_at > NEW.created_at AND +id < NEW.id)
    OR EXISTS (SELECT 1 FROM orders WHERE id > NEW.id AND +created_at < NEW.created_at)
BEGIN UPDATE change_counts SET n = n + 1 WHERE name = 'orders_disorder'; END;
CREATE TRIGGER orders_disorder_update AFTER UPDATE OF id, created_at ON orders
WHEN NEW.id <> OLD.id OR NEW.created_at <> OLD.created_at
BEGIN UPDATE change_counts SET n = n + 1 WHERE name = 'orders_disorder'; END;

-- version: 24

-- A request's and an activity's hours (issue 18): the 台账 (ledger) and
-- the desk's export read each request's confirmed hours, and each
-- activity's, by its id; with only hours_by_status, each such read went
-- through every confirmed hour of the district (0.27 s a request at 1M,
-- so an export of 1,000 requests took minutes).
CREATE INDEX hours_by_order ON hours(order_id, status) WHERE order_id IS NOT NULL;
CREATE INDEX hours_by_activity ON hours(activity_id, status) WHERE activity_id IS NOT NULL;

-- version: 25

-- A search by words in one place's view (issue 18): the text index also
-- holds, for each request, tokens for its place (text_place: 'o' and its
-- site's id, and before it 'i' and its 所's id when it has one, each ended
-- by ';' so that 所 6 is not found in 所 60), so a search in a 所's or a
-- 站's view asks the index for "the words AND this place" and reads only
-- the view's own matches, never the rest of the district's (a 所 holds
-- about a fourteenth of them). The words are searched in need and
-- contact_name only ({need contact_name} : ..., model/text_index.c), so
-- typed text never finds a place's token. A request's 所 changes when its
-- site moves to another 所 (orgs_parent_update), and the sqlite3 tool may
-- change either: the update trigger notes those too, with the tokens the
-- index still holds. The index is made again with the new column, from
-- orders (about 15 s at a million requests, once).
ALTER TABLE orders ADD COLUMN text_place TEXT GENERATED ALWAYS AS
    ((CASE WHEN institute_id IS NULL THEN '' ELSE 'i' || institute_id || ';' END) ||
    'o' || org_id || ';') VIRTUAL;
ALTER TABLE orders_fts_stale ADD COLUMN text_place TEXT;
-- The same triggers count such edits and deletes in change_counts
-- 'text_edits': a search's matches can drop only then (or when a place or
-- a service is renamed: 'places'), so the desk may keep for a minute that
-- a search matched more than it counts (model/desk_plan.c).
INSERT INTO change_counts(name, n) VALUES ('text_edits', 0);
DROP TRIGGER orders_fts_stale_update;
CREATE TRIGGER orders_fts_stale_update AFTER UPDATE OF need, contact_name, institute_id, org_id
    ON orders BEGIN
	INSERT OR IGNORE INTO orders_fts_stale(id, indexed, need, contact_name, text_place)
	    VALUES (OLD.id, 1, OLD.need, OLD.contact_name, OLD.text_place);
	UPDATE change_counts SET n = n + 1 WHERE name = 'text_edits';
END;
DROP TRIGGER orders_fts_stale_delete;
CREATE TRIGGER orders_fts_stale_delete AFTER DELETE ON orders
    BEGIN
	INSERT OR IGNORE INTO orders_fts_stale(id, indexed, need, contact_name, text_place)
	    VALUES (OLD.id, 1, OLD.need, OLD.contact_name, OLD.text_place);
	UPDATE change_counts SET n = n + 1 WHERE name = 'text_edits';
END;
DROP TABLE orders_fts;
CREATE VIRTUAL TABLE orders_fts USING fts5(need, contact_name, text_place, content='orders',
    content_rowid='id', tokenize='sidan_bigram', prefix='1', columnsize=0);
DELETE FROM orders_fts_stale;
INSERT INTO orders_fts(orders_fts) VALUES ('rebuild');

-- version: 26

-- A volunteer's task list (issue 18): the requests open to a team or an
-- area, with what the list sorts and filters them by (state, time, places
-- wanted), so the list and its count read these small indexes and only
-- the page's requests (at a million requests the list read every
-- candidate request: 1.0-1.6 ms a page, a seventh of the bench's mixed
-- day). Only open requests are in them, however many are closed.
CREATE INDEX orders_open_by_team ON orders(team_id, state, created_at, wanted)
    WHERE state IN ('dispatched', 'published', 'accepted');
CREATE INDEX orders_open_by_area ON orders(area_id, state, created_at, wanted)
    WHERE state IN ('dispatched', 'published', 'accepted');
