/*
 * seed_activities.c: the demo activities of `sidan seed --demo`: a few of
 * 每月有活动 (festivals and theme days) over the coming weeks at real sites,
 * one of them starting within the next two hours at 马邑村 so the QR
 * sign-in can be tried at once. Each title starts with 演示 and the rows
 * are flagged is_demo. Added only when the database has no demo activity.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "model/seed_activities.h"
#include "lib/util.h"

/* One demo activity: days from today (Beijing) and the hour it starts, or
 * day -1 for "in about an hour". */
static const struct {
	int		 day, hour, minute, hours;
	const char	*title, *platform, *project, *site, *place, *summary;
	int		 capacity;
} demo[] = {
	{ -1, 0, 0, 2, "演示：全民阅读 亲子共读", "culture", "slow-reading", "140602100201",
	  "马邑村农家书屋", "和孩子一起读一本书，志愿者带读、讲故事。可以现场扫码签到试一试。", 20 },
	{ 2, 9, 0, 3, "演示：学雷锋 社区环境清洁日", "science", "green-guard", "140602001000",
	  "北城街道新时代文明实践所门前", "清理楼道和绿地的垃圾，宣传垃圾分类。请穿方便活动的衣服。", 30 },
	{ 5, 14, 30, 2, "演示：心肺复苏普及进万家", "fitness", "cpr-for-all", "140602100000",
	  "神头镇卫生院培训室", "急救医生讲解并带大家练习心肺复苏和AED的使用。", 25 },
	{ 9, 9, 30, 3, "演示：文化下乡 送戏进村", "culture", "culture-village", "140602101000",
	  "利民镇文化广场", "文艺志愿者演出晋剧选段，现场需要志愿者维持秩序、照顾老人。", 15 },
	{ 16, 15, 0, 2, "演示：理论宣讲进社区", "theory", "theory-study", "140602002000",
	  "南城街道社区活动室", "宣讲员用身边事讲政策，欢迎居民提问。", 40 },
	{ 23, 9, 0, 4, "演示：关爱空巢老人 上门送温暖", "education", "", "140602200000",
	  "下团堡乡各村", "两人一组上门看望空巢老人，帮助打扫、陪聊，了解需要。", 12 },
};

int
seed_demo_activities(struct db *db, char *err, size_t errlen)
{
	static const char have[] = "SELECT count(*) FROM activities WHERE is_demo = 1";
	static const char add[] =
	    "INSERT INTO activities(title, platform_id, project_id, org_id, place, starts_at,"
	    " ends_at, capacity, summary, open_to, qr_key, created_by, created_at, is_demo)"
	    " SELECT ?1, p.id, (SELECT id FROM projects WHERE code = ?3), o.id, ?5, ?6, ?7, ?8,"
	    " ?9, 'all', ?10, (SELECT id FROM users WHERE login = 'admin'), ?11, 1"
	    " FROM platforms p, orgs o WHERE p.code = ?2 AND o.code = ?4";
	sqlite3_stmt *st = db_stmt(db, have);
	int64_t now = now_unix(), today;
	unsigned char key[32];
	char t[20];
	int y, mo, d, rc;

	if (st == NULL || sqlite3_step(st) != SQLITE_ROW) {
		snprintf(err, errlen, "cannot read the activities");
		return -1;
	}
	rc = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	if (rc > 0)
		return 0;
	time_format_cst(now, t);
	sscanf(t, "%4d-%2d-%2d", &y, &mo, &d);
	today = time_from_cst(y, mo, d, 0, 0);
	for (size_t i = 0; i < sizeof(demo) / sizeof(demo[0]); i++) {
		int64_t starts = demo[i].day < 0 ? (now / 3600 + 1) * 3600 :
		    today + demo[i].day * 86400 + demo[i].hour * 3600 + demo[i].minute * 60;
		if ((st = db_stmt(db, add)) == NULL) {
			snprintf(err, errlen, "cannot prepare the demo activities");
			return -1;
		}
		randombytes_buf(key, sizeof(key));
		sqlite3_bind_text(st, 1, demo[i].title, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, demo[i].platform, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, demo[i].project, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, demo[i].site, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, demo[i].place, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 6, starts);
		sqlite3_bind_int64(st, 7, starts + demo[i].hours * 3600);
		sqlite3_bind_int(st, 8, demo[i].capacity);
		sqlite3_bind_text(st, 9, demo[i].summary, -1, SQLITE_STATIC);
		sqlite3_bind_blob(st, 10, key, sizeof(key), SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 11, now);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE) {
			snprintf(err, errlen, "adding a demo activity: %s",
			    sqlite3_errmsg(db_handle(db)));
			return -1;
		}
	}
	sodium_memzero(key, sizeof(key));
	return 0;
}
