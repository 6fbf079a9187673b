/*
 * seed.c: the real starting data of 朔城区 and the demo additions.
 *
 * Real: the center; the 14 institutes and the stations listed in
 * deploy/data/shuocheng_sites.csv (built into the binary), with their
 * sources; the five platforms; the 10 fixed and 7 featured projects; the
 * teams the source article names. Demo (--demo): stations up to the real
 * scale of 267 villages and communities, the 12 + 22 bases, and the seven
 * professional teams the article counts but does not name, every one
 * named and flagged as demo data.
 */
#include <stdio.h>
#include <string.h>

#include "lib/csv.h"
#include "lib/password.h"
#include "lib/util.h"
#include "model/seed.h"
#include "model/seed_activities.h"

extern unsigned char sites_csv[];
extern unsigned int sites_csv_len;

#define ARTICLE "朔州文明网《文明实践 花开朔州——朔城区篇》"
#define DEMO_SOURCE "演示数据：非真实阵地，仅用于演示"
#define REAL_VILLAGES 267	/* 行政村和社区, per the article */

static const struct {
	const char *code, *name, *summary;
} platforms[] = {
	{ "theory", "理论宣讲", "把党的创新理论、惠民政策和法律法规讲到田间地头、百姓身边。" },
	{ "education", "教育服务", "课业辅导、送教上门、关爱困境儿童和家庭教育。" },
	{ "culture", "文化文艺", "文艺演出、文化下乡、全民阅读和传统节日活动。" },
	{ "science", "科技科普", "科学普及、农业技术、智能手机使用、安全和急救知识、环境保护。" },
	{ "fitness", "健身体育", "全民健身、健康义诊、心理健康和关爱老人身心健康。" },
};

static const struct {
	const char *code, *name, *kind, *platform, *summary;
} projects[] = {
	{ "theory-study", "理论学习", "fixed", "theory", "" },
	{ "legal-advice", "法律顾问", "fixed", "theory", "" },
	{ "seedlings", "关苗行动", "fixed", "education", "" },
	{ "culture-village", "文化下乡", "fixed", "culture", "" },
	{ "tech-light", "科技之光", "fixed", "science", "" },
	{ "green-guard", "环保卫士", "fixed", "science", "" },
	{ "safety-education", "安全教育", "fixed", "science", "" },
	{ "new-customs", "移风易俗", "fixed", "theory", "" },
	{ "poverty-relief", "扶贫济困", "fixed", NULL, "" },
	{ "health-guard", "守护健康", "fixed", "fitness", "" },
	{ "city-library", "城市书屋", "featured", "culture", "公共文化服务。" },
	{ "guard-children", "守护儿童 托起希望", "featured", "education", "关爱困境儿童。" },
	{ "home-teaching", "送教上门 关爱到家", "featured", "education", "" },
	{ "same-sky", "同一片蓝天下", "featured", "education", "公益助教。" },
	{ "cpr-for-all", "心肺复苏普及进万家", "featured", "science", "精准健康工程。" },
	{ "slow-reading", "慢舍读书", "featured", "culture", "" },
	{ "mental-health", "心理健康服务", "featured", "fitness", "" },
};

/* The service menu: code, name, platform, project (or NULL), due hours,
 * summary. Drawn from the fixed and featured projects and what each
 * platform typically offers; the admin edits it from the desk. Each sits
 * under the platform whose work it is (README, 服务菜单与五大平台):
 * 理论宣讲 explains policy and law, 教育服务 is schooling and the care of
 * children, 文化文艺 culture and reading, 科技科普 what science, technology,
 * safety and first aid teach, 健身体育 the health of body and mind. Schema
 * version 14 moves the items of older databases the same way. */
static const struct {
	const char *code, *name, *platform, *project;
	int due_hours;
	const char *summary;
} services[] = {
	{ "policy-talk", "政策理论宣讲进村（社区）", "theory", "theory-study", 168,
	  "宣讲员到村（社区）讲解党的创新理论和惠民政策，时间约一小时。" },
	{ "new-customs-talk", "移风易俗宣传", "theory", "new-customs", 168,
	  "红白事简办、反对高价彩礼等文明新风宣传。" },
	{ "legal-advice", "法律咨询", "theory", "legal-advice", 72,
	  "志愿律师解答婚姻家庭、土地承包、劳动报酬等法律问题。" },
	{ "tutoring", "课业辅导", "education", "seedlings", 120,
	  "为中小学生提供课业辅导和学习陪伴。" },
	{ "home-teaching", "送教上门", "education", "home-teaching", 168,
	  "为行动不便的孩子上门送教。" },
	{ "child-care", "困境儿童关爱", "education", "guard-children", 120,
	  "探访、陪伴和帮扶留守儿童、困境儿童。" },
	{ "safety-education", "安全知识讲座", "science", "safety-education", 168,
	  "防溺水、消防、交通、防诈骗等安全知识进校园、进社区。" },
	{ "culture-show", "文艺演出下乡", "culture", "culture-village", 336,
	  "文艺志愿者到村（社区）演出。" },
	{ "reading", "读书分享活动", "culture", "city-library", 168,
	  "组织读书会、绘本共读等全民阅读活动。" },
	{ "farm-tech", "农业技术指导", "science", "tech-light", 120,
	  "种植、养殖技术人员上门或到田间指导。" },
	{ "science-talk", "科普讲座", "science", "tech-light", 168,
	  "面向群众的科学知识普及讲座。" },
	{ "green-action", "环境保护志愿服务", "science", "green-guard", 168,
	  "垃圾分类宣传、环境清洁等环保志愿服务。" },
	{ "phone-help", "智能手机使用帮教", "science", NULL, 120,
	  "教老年人使用智能手机：视频通话、健康码、网上缴费等。" },
	{ "health-check", "健康义诊", "fitness", "health-guard", 168,
	  "医护志愿者测血压、血糖，提供健康咨询。" },
	{ "cpr-training", "心肺复苏培训", "science", "cpr-for-all", 168,
	  "学习心肺复苏和自动体外除颤器（AED）的使用。" },
	{ "fitness-guide", "全民健身指导", "fitness", NULL, 168,
	  "广场舞、太极拳等健身活动指导。" },
	{ "mental-health", "心理健康咨询", "fitness", "mental-health", 72,
	  "心理咨询志愿者提供倾听和疏导。" },
	{ "elder-visit", "关爱空巢老人上门探访", "fitness", "poverty-relief", 72,
	  "志愿者上门探访空巢、独居老人，帮做家务、陪伴聊天。" },
};

/* The professional teams the article names (4 of its 11). */
static const struct {
	const char *name, *platform;
} pro_teams[] = {
	{ "理论政策宣讲志愿服务队", "theory" },
	{ "文化文艺志愿服务队", "culture" },
	{ "助学支教志愿服务队", "education" },
	{ "应急服务志愿服务队", NULL },
};

static const char *const social_teams[] = {
	"朔城区青年志愿服务队", "社工协会", "社会组织孵化基地",
};

/* Runs a prepared statement to completion. Returns 0 or -1 with err set. */
static int
step_done(struct db *db, sqlite3_stmt *st, char *err, size_t errlen)
{
	int rc;

	if (st == NULL) {
		snprintf(err, errlen, "cannot prepare a seed statement");
		return -1;
	}
	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		snprintf(err, errlen, "%s", sqlite3_errmsg(db_handle(db)));
		return -1;
	}
	sqlite3_reset(st);
	return 0;
}

/* Binds text, or NULL when s is NULL. */
static void
bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

/* Adds a site unless its code exists. parent_code NULL: the center. */
static int
add_org(struct db *db, const char *code, const char *name, const char *kind,
    const char *division, const char *base_kind, const char *parent_code,
    const char *address, const char *source, int demo, int sort,
    char *err, size_t errlen)
{
	static const char sql[] =
	    "INSERT INTO orgs(code, name, kind, division, base_kind, parent_id,"
	    " address, source, is_demo, sort)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, (SELECT id FROM orgs WHERE code = ?6),"
	    " ?7, ?8, ?9, ?10) ON CONFLICT(code) DO NOTHING";
	sqlite3_stmt *st = db_stmt(db, sql);

	if (st == NULL)
		return step_done(db, st, err, errlen);
	bind_text(st, 1, code);
	bind_text(st, 2, name);
	bind_text(st, 3, kind);
	bind_text(st, 4, division);
	bind_text(st, 5, base_kind);
	bind_text(st, 6, parent_code);
	bind_text(st, 7, address ? address : "");
	bind_text(st, 8, source);
	sqlite3_bind_int(st, 9, demo);
	sqlite3_bind_int(st, 10, sort);
	return step_done(db, st, err, errlen);
}

/* Returns the division (街道, 镇, 乡) that ends an institute's name. */
static const char *
division_of(const char *name)
{
	size_t n = strlen(name);

	if (n >= 6 && strcmp(name + n - 6, "街道") == 0)
		return "街道";
	if (n >= 3 && strcmp(name + n - 3, "镇") == 0)
		return "镇";
	if (n >= 3 && strcmp(name + n - 3, "乡") == 0)
		return "乡";
	return NULL;
}

#define CENTER_CODE "140602000000"

/* Seeds the center, institutes and stations from the built-in CSV. */
static int
seed_tree(struct db *db, char *err, size_t errlen)
{
	struct csv c;
	struct csv_record rec;
	int rc, sort = 0;

	if (add_org(db, CENTER_CODE, "朔城区新时代文明实践中心", "center", NULL,
	    NULL, NULL, "朔城区文体综合大楼", ARTICLE, 0, 0, err, errlen))
		return -1;
	csv_open(&c, (const char *)sites_csv, sites_csv_len);
	if (csv_next(&c, &rec) != 1) {	/* the header line */
		snprintf(err, errlen, "sites CSV: no header");
		return -1;
	}
	csv_record_free(&rec);
	while ((rc = csv_next(&c, &rec)) == 1) {
		const char *kind;
		int bad = rec.n < 6;

		if (!bad) {
			kind = strcmp(rec.field[2], "institute") == 0 ? "institute" :
			    strcmp(rec.field[2], "station") == 0 ? "station" : NULL;
			bad = kind == NULL;
		}
		if (bad) {
			snprintf(err, errlen, "sites CSV line %zu: bad row", c.line);
			csv_record_free(&rec);
			return -1;
		}
		/* Rows from older lists carry no statistical code: such a
		 * station is known by its institute's code and its name. */
		char code[256];
		if (rec.field[0][0])
			snprintf(code, sizeof(code), "%s", rec.field[0]);
		else
			snprintf(code, sizeof(code), "%s/%s", rec.field[3], rec.field[1]);
		if (add_org(db, code, rec.field[1], kind,
		    kind[0] == 'i' ? division_of(rec.field[1]) : NULL, NULL,
		    kind[0] == 'i' ? CENTER_CODE : rec.field[3], "",
		    rec.field[5], 0, ++sort, err, errlen)) {
			csv_record_free(&rec);
			return -1;
		}
		csv_record_free(&rec);
	}
	if (rc < 0) {
		snprintf(err, errlen, "sites CSV line %zu: malformed", c.line);
		return -1;
	}
	return 0;
}

/* Seeds the service menu. */
static int
seed_services(struct db *db, char *err, size_t errlen)
{
	static const char sql[] =
	    "INSERT INTO services(code, name, platform_id, project_id, due_hours,"
	    " summary, sort) VALUES (?1, ?2, (SELECT id FROM platforms WHERE code = ?3),"
	    " (SELECT id FROM projects WHERE code = ?4), ?5, ?6, ?7)"
	    " ON CONFLICT(code) DO NOTHING";
	sqlite3_stmt *st;

	for (size_t i = 0; i < sizeof(services) / sizeof(services[0]); i++) {
		if ((st = db_stmt(db, sql)) != NULL) {
			bind_text(st, 1, services[i].code);
			bind_text(st, 2, services[i].name);
			bind_text(st, 3, services[i].platform);
			bind_text(st, 4, services[i].project);
			sqlite3_bind_int(st, 5, services[i].due_hours);
			bind_text(st, 6, services[i].summary);
			sqlite3_bind_int(st, 7, (int)i + 1);
		}
		if (step_done(db, st, err, errlen))
			return -1;
	}
	return 0;
}

/* Seeds platforms, projects and the service menu. */
static int
seed_catalog(struct db *db, char *err, size_t errlen)
{
	static const char psql[] =
	    "INSERT INTO platforms(code, name, summary, sort) VALUES (?1, ?2, ?3, ?4)"
	    " ON CONFLICT(code) DO NOTHING";
	static const char jsql[] =
	    "INSERT INTO projects(code, name, kind, platform_id, summary, sort)"
	    " VALUES (?1, ?2, ?3, (SELECT id FROM platforms WHERE code = ?4), ?5, ?6)"
	    " ON CONFLICT(code) DO NOTHING";
	sqlite3_stmt *st;

	for (size_t i = 0; i < sizeof(platforms) / sizeof(platforms[0]); i++) {
		if ((st = db_stmt(db, psql)) != NULL) {
			bind_text(st, 1, platforms[i].code);
			bind_text(st, 2, platforms[i].name);
			bind_text(st, 3, platforms[i].summary);
			sqlite3_bind_int(st, 4, (int)i + 1);
		}
		if (step_done(db, st, err, errlen))
			return -1;
	}
	for (size_t i = 0; i < sizeof(projects) / sizeof(projects[0]); i++) {
		if ((st = db_stmt(db, jsql)) != NULL) {
			bind_text(st, 1, projects[i].code);
			bind_text(st, 2, projects[i].name);
			bind_text(st, 3, projects[i].kind);
			bind_text(st, 4, projects[i].platform);
			bind_text(st, 5, projects[i].summary);
			sqlite3_bind_int(st, 6, (int)i + 1);
		}
		if (step_done(db, st, err, errlen))
			return -1;
	}
	return seed_services(db, err, errlen);
}

/* Adds a team unless its name exists; platform may be NULL. */
static int
add_team(struct db *db, const char *name, const char *kind, const char *org_code,
    const char *platform, int demo, int sort, char *err, size_t errlen)
{
	static const char tsql[] =
	    "INSERT INTO teams(name, kind, org_id, parent_id, is_demo, sort)"
	    " VALUES (?1, ?2, (SELECT id FROM orgs WHERE code = ?3),"
	    " CASE WHEN ?2 = 'corps' THEN NULL ELSE"
	    " (SELECT id FROM teams WHERE kind = 'corps') END, ?4, ?5)"
	    " ON CONFLICT(name) DO NOTHING";
	static const char psql[] =
	    "INSERT OR IGNORE INTO team_platforms(team_id, platform_id)"
	    " SELECT t.id, p.id FROM teams t, platforms p"
	    " WHERE t.name = ?1 AND p.code = ?2";
	sqlite3_stmt *st = db_stmt(db, tsql);

	if (st) {
		bind_text(st, 1, name);
		bind_text(st, 2, kind);
		bind_text(st, 3, org_code);
		sqlite3_bind_int(st, 4, demo);
		sqlite3_bind_int(st, 5, sort);
	}
	if (step_done(db, st, err, errlen))
		return -1;
	if (platform == NULL)
		return 0;
	if ((st = db_stmt(db, psql)) != NULL) {
		bind_text(st, 1, name);
		bind_text(st, 2, platform);
	}
	return step_done(db, st, err, errlen);
}

/* Seeds the corps, a branch per institute, and the named teams. */
static int
seed_teams(struct db *db, char *err, size_t errlen)
{
	static const char isql[] =
	    "SELECT code, name FROM orgs WHERE kind = 'institute' ORDER BY sort, code";
	sqlite3_stmt *st;
	int sort = 0, rc;

	if (add_team(db, "朔城区志愿服务总队", "corps", CENTER_CODE, NULL, 0,
	    ++sort, err, errlen))
		return -1;
	/* Copy the institutes first: the insert below reuses statements. */
	char codes[64][16], names[64][128];
	int n = 0;
	if ((st = db_stmt(db, isql)) == NULL)
		return step_done(db, st, err, errlen);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < 64) {
		snprintf(codes[n], sizeof(codes[n]), "%s", db_text(st, 0));
		snprintf(names[n], sizeof(names[n]), "%s志愿服务分队", db_text(st, 1));
		n++;
	}
	sqlite3_reset(st);
	for (int i = 0; i < n; i++)
		if (add_team(db, names[i], "branch", codes[i], NULL, 0, ++sort,
		    err, errlen))
			return -1;
	for (size_t i = 0; i < sizeof(pro_teams) / sizeof(pro_teams[0]); i++)
		if (add_team(db, pro_teams[i].name, "professional", CENTER_CODE,
		    pro_teams[i].platform, 0, ++sort, err, errlen))
			return -1;
	for (size_t i = 0; i < sizeof(social_teams) / sizeof(social_teams[0]); i++)
		if (add_team(db, social_teams[i], "social", CENTER_CODE, NULL, 0,
		    ++sort, err, errlen))
			return -1;
	return 0;
}

/*
 * Demo data: stations for the institutes that have none on record, up to
 * the real count of villages and communities; the bases; the unnamed
 * professional teams. Each is named 演示… and flagged is_demo.
 */
static int
seed_demo(struct db *db, char *err, size_t errlen)
{
	static const char isql[] =
	    "SELECT i.code, i.name FROM orgs i WHERE i.kind = 'institute' AND NOT"
	    " EXISTS (SELECT 1 FROM orgs s WHERE s.parent_id = i.id AND s.kind = 'station')"
	    " ORDER BY i.sort, i.code";
	static const char csql[] =
	    "SELECT count(*) FROM orgs WHERE kind = 'station'";
	static const char *const platform_of_demo_team[] = {
		"science", "fitness", "education", "culture", "theory", "fitness", "science",
	};
	char codes[64][16], names[64][128], code[64], name[160];
	sqlite3_stmt *st;
	int n = 0, have = 0, need, rc;

	if ((st = db_stmt(db, csql)) == NULL)
		return step_done(db, st, err, errlen);
	if (sqlite3_step(st) == SQLITE_ROW)
		have = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	if ((st = db_stmt(db, isql)) == NULL)
		return step_done(db, st, err, errlen);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < 64) {
		snprintf(codes[n], sizeof(codes[n]), "%s", db_text(st, 0));
		snprintf(names[n], sizeof(names[n]), "%s", db_text(st, 1));
		n++;
	}
	sqlite3_reset(st);
	need = REAL_VILLAGES - have;
	for (int i = 0; i < n && need > 0; i++) {
		int k = need / (n - i) + (need % (n - i) != 0);
		for (int j = 1; j <= k; j++) {
			snprintf(code, sizeof(code), "DEMO-%s-%02d", codes[i], j);
			snprintf(name, sizeof(name), "%s演示站%02d", names[i], j);
			if (add_org(db, code, name, "station", NULL, NULL, codes[i],
			    "", DEMO_SOURCE, 1, 1000 + j, err, errlen))
				return -1;
		}
		need -= k;
	}
	for (int j = 1; j <= 12 + 22; j++) {
		int feature = j <= 12;
		snprintf(code, sizeof(code), "DEMO-BASE-%02d", j);
		snprintf(name, sizeof(name), feature ? "演示特色基地%02d" :
		    "演示志愿服务基地%02d", feature ? j : j - 12);
		if (add_org(db, code, name, "base", NULL,
		    feature ? "feature" : "volunteer", CENTER_CODE, "",
		    DEMO_SOURCE, 1, 2000 + j, err, errlen))
			return -1;
	}
	for (int j = 1; j <= 7; j++) {
		snprintf(name, sizeof(name), "演示专业志愿服务队%02d", j);
		if (add_team(db, name, "professional", CENTER_CODE,
		    platform_of_demo_team[j - 1], 1, 100 + j, err, errlen))
			return -1;
	}
	return 0;
}

/* The demo accounts, one per role; all share DEMO_PASSWORD (seed.h). */
static const struct {
	const char *login, *name, *role, *org, *team;
} demo_users[] = {
	{ "admin", "演示管理员", "admin", CENTER_CODE, NULL },
	{ "dispatcher", "演示调度员", "dispatcher", CENTER_CODE, NULL },
	{ "suo.shentou", "演示神头镇所员", "institute", "140602100000", NULL },
	{ "zhan.mayi", "演示马邑村站员", "station", "140602100201", NULL },
	{ "leader.shentou", "演示神头镇分队长", "leader", NULL, "神头镇志愿服务分队" },
};

/* Adds the demo accounts (unless their logins exist), each with hash (of
 * DEMO_PASSWORD). */
static int
seed_demo_users(struct db *db, const char *hash, char *err, size_t errlen)
{
	static const char sql[] =
	    "INSERT INTO users(login, name, role, org_id, team_id, pwhash, is_demo, created_at)"
	    " SELECT ?1, ?2, ?3, coalesce((SELECT id FROM orgs WHERE code = ?4),"
	    "  (SELECT org_id FROM teams WHERE name = ?5)),"
	    " (SELECT id FROM teams WHERE name = ?5), ?6, 1, ?7"
	    " WHERE NOT EXISTS (SELECT 1 FROM users WHERE login = ?1)";
	sqlite3_stmt *st;

	for (size_t i = 0; i < sizeof(demo_users) / sizeof(demo_users[0]); i++) {
		if ((st = db_stmt(db, sql)) != NULL) {
			bind_text(st, 1, demo_users[i].login);
			bind_text(st, 2, demo_users[i].name);
			bind_text(st, 3, demo_users[i].role);
			bind_text(st, 4, demo_users[i].org);
			bind_text(st, 5, demo_users[i].team);
			bind_text(st, 6, hash);
			sqlite3_bind_int64(st, 7, now_unix());
		}
		if (step_done(db, st, err, errlen))
			return -1;
	}
	return 0;
}

/* Demo volunteers: approved members of 神头镇's branch team, living in
 * 马邑村, with hash (of the demo password); their names say they are demo
 * rows. */
static int
seed_demo_volunteers(struct db *db, const char *hash, char *err, size_t errlen)
{
	static const char vsql[] =
	    "INSERT INTO volunteers(number, name, phone, pwhash, org_id, party_member, status,"
	    " consent_at, created_at, is_demo)"
	    " SELECT ?1, ?2, ?3, ?4, (SELECT id FROM orgs WHERE code = '140602100201'), ?5,"
	    " 'approved', ?6, ?6, 1 WHERE NOT EXISTS (SELECT 1 FROM volunteers WHERE phone = ?3)";
	static const char msql[] =
	    "INSERT OR IGNORE INTO team_members(team_id, volunteer_id, joined_at)"
	    " SELECT t.id, v.id, ?2 FROM teams t, volunteers v"
	    " WHERE t.name = '神头镇志愿服务分队' AND v.phone = ?1";
	static const struct { const char *number, *name, *phone; int party; } vols[] = {
		{ "SC2026000001", "演示志愿者甲", "13900000001", 1 },
		{ "SC2026000002", "演示志愿者乙", "13900000002", 0 },
		{ "SC2026000003", "演示志愿者丙", "13900000003", 0 },
	};
	sqlite3_stmt *st;

	for (size_t i = 0; i < sizeof(vols) / sizeof(vols[0]); i++) {
		if ((st = db_stmt(db, vsql)) != NULL) {
			bind_text(st, 1, vols[i].number);
			bind_text(st, 2, vols[i].name);
			bind_text(st, 3, vols[i].phone);
			bind_text(st, 4, hash);
			sqlite3_bind_int(st, 5, vols[i].party);
			sqlite3_bind_int64(st, 6, now_unix());
		}
		if (step_done(db, st, err, errlen))
			return -1;
		if ((st = db_stmt(db, msql)) != NULL) {
			bind_text(st, 1, vols[i].phone);
			sqlite3_bind_int64(st, 2, now_unix());
		}
		if (step_done(db, st, err, errlen))
			return -1;
	}
	return 0;
}

/*
 * Seeds the tree, the catalogue and the teams, and with o->demo the demo
 * rows and accounts. Returns 0, or -1 with err. The demo accounts share one
 * hash of DEMO_PASSWORD: the password is public (make run prints it), so a
 * salt of their own would hide nothing, and each hash costs ~40 ms.
 */
int
seed_run(struct db *db, const struct seed_opts *o, char *err, size_t errlen)
{
	char hash[crypto_pwhash_STRBYTES];

	if (o->demo && password_hash(DEMO_PASSWORD, hash) != 0) {
		snprintf(err, errlen, "out of memory hashing a password");
		return -1;
	}
	if (db_tx_begin(db) != DB_OK) {
		snprintf(err, errlen, "the database is busy; try again");
		return -1;
	}
	if (seed_tree(db, err, errlen) || seed_catalog(db, err, errlen) ||
	    seed_teams(db, err, errlen) ||
	    (o->demo && (seed_demo(db, err, errlen) || seed_demo_users(db, hash, err, errlen) ||
	    seed_demo_volunteers(db, hash, err, errlen) || seed_demo_activities(db, err, errlen)))) {
		db_tx_rollback(db);
		return -1;
	}
	if (db_tx_commit(db) != DB_OK) {
		snprintf(err, errlen, "commit failed");
		return -1;
	}
	return 0;
}
