"""Chinese UI strings of the 数据管理 page (uploads, validation report, load history, data quality, audit)."""

from __future__ import annotations

ADMIN_TITLE = "数据管理"
ADMIN_INTRO = "上传学校报送的表格，检查后导入；导入期间看板照常可用，完成后即显示新数据。"
TAB_IMPORT = "导入数据"
TAB_HISTORY = "导入记录"
TAB_QUALITY = "数据质量"
TAB_AUDIT = "操作日志"
TAB_USERS = "账号"
USERS_COLUMNS = {"name": "账号", "role": "角色", "scope": "可见范围（区县 / 教共体 / 学校）", "email": "统一身份认证邮箱"}
USERS_CAPTION = ("账号由服务器上的命令维护：`python -m etl users add 名称 --role 角色 ... --password-stdin`，"
                 "`users remove 名称`，`users passwd 名称 --password-stdin`；密码只以加盐哈希保存。")
ALL_DATA = "全部"
UPLOAD = "选择文件（Excel .xlsx / .xls，或 .csv / .txt 文本，可多选）"
UPLOAD_HELP = "同一批次的文件一起上传：学校、教共体、成员、活动、交流、考试、成绩等。"
MODE = "导入方式"
MODE_STRICT = "严格：发现任何错误则整批不导入"
MODE_ALLOW = "允许跳过有问题的行：其余行照常导入，问题行记入日志"
HIDDEN = "Excel 中隐藏的行"
HIDDEN_REFUSE = "先提示，不导入"
HIDDEN_INCLUDE = "一并导入"
HIDDEN_SKIP = "跳过"
CHECK_BUTTON = "只检查"
LOAD_BUTTON = "检查并导入"
NO_FILES = "请先选择要上传的文件。"
STEP_SAVE = "保存上传的文件…"
STEP_CHECK = "检查数据…"
STEP_LOAD = "检查并写入新的数据库版本…"
STATUS_RUNNING = "正在处理 {n} 个文件…"
STATUS_CHECKED = "检查完成"
STATUS_LOADED = "导入完成"
STATUS_REFUSED = "未导入"
STATUS_FAILED = "文件无法读取"
RESULT_CHECK_OK = "检查通过：{files} 个文件，没有发现错误。可以导入。"
RESULT_CHECK_BAD = "检查发现 {errors} 个错误：请按下表修改后重新上传。"
RESULT_LOADED = "已导入（第 {load_id} 次导入）：共 {loaded:,} 行入库，{rejected:,} 行被跳过。看板已显示新数据。"
RESULT_REFUSED = "未导入：发现 {errors} 个错误，数据库未作任何改动。请按下表修改后重新上传，或选择“允许跳过有问题的行”。"
RESULT_UNREADABLE = "未导入：{message}"
COUNTS_TITLE = "各表行数"
COUNTS_COLUMNS = {"table": "表", "rows_read": "读取行数", "rows_loaded": "入库行数", "rows_rejected": "问题行数",
                  "rows_valid": "无误行数"}
PROBLEMS_TITLE = "问题清单"
PROBLEMS_CAPTION = "每行一个问题（行号与 Excel 中看到的一致；表头为第 1 行）。共 {n} 条。"
PROBLEMS_COLUMNS = {"file": "文件", "sheet": "工作表", "row": "行", "column": "列", "value": "值",
                    "reason_zh": "原因", "severity": "级别"}
SEVERITY = {"error": "错误", "warning": "提示"}
PROBLEMS_DOWNLOAD = "下载问题清单（Excel）"
PROBLEMS_FILE = "导入问题清单.xlsx"
PROBLEMS_SHEET = "问题清单"
TEMPLATE_TITLE = "空白导入模板"
TEMPLATE_CAPTION = "各表的列名、代码取值和填写说明；学校按模板填写后上传。"
TEMPLATE_DOWNLOAD = "下载空白模板"
TEMPLATE_FILE = "教共体数据导入模板.xlsx"
NO_DATA_YET = "数据库中还没有数据：先在“导入数据”中上传文件。"
STALE_NOTE = "程序升级后汇总表需要按新版本重建（无需重新上传，已入库的数据不变）；重建后各页面即恢复显示。"
REBUILD_BUTTON = "重建汇总表"
REBUILDING = "正在重建汇总表…"
REBUILT = "已重建汇总表（第 {load_id} 次载入）。"
HISTORY_CAPTION = "每次导入一行，最新的在前；入库/问题行数为各表输入行之和。导入人来自操作日志（命令行导入为空）。"
HISTORY_EMPTY = "还没有导入记录。"
HISTORY_COLUMNS = {"load_id": "导入序号", "loaded_at": "时间（UTC）", "user_name": "导入人", "files_n": "文件数",
                   "files": "文件", "rows_loaded": "入库行数", "rows_rejected": "问题行数",
                   "allow_rejects": "允许跳过问题行", "db_file": "数据库版本"}
QUALITY_INTRO = "{scope}，{year}。按教共体和月份查看活动记录是否报送（类似 DHIS2 的报送完整性）。"
COMPLETENESS_TITLE = "活动报送完整性"
COMPLETENESS_METRIC = "报送率"
COMPLETENESS_HELP = "有活动记录的“教共体×月份”占全部“教共体×月份”的比例；每个教共体每月计一次。"
COMPLETENESS_CAPTION = ("每行一个教共体，每列一个已结束的月份，数字为该月活动记录条数；0 表示该月没有报送。"
                        "按教共体×月份计数，每个教共体权重相同。")
COMPLETENESS_EMPTY = "所选学年还没有已结束的月份，或没有有成员的教共体。"
CHASE_MONTH = "催报月份（默认为最近一个已结束的月份；往年为其最后一个有记录的月份）"
CHASE_TITLE = "催报名单（{month}）"
CHASE_CAPTION = ("{month}没有任何活动记录的教共体，以及所属教共体都没有报送的成员学校。"
                 "共 {alliances} 个教共体、{schools} 所学校。")
CHASE_EMPTY = "{month}所有教共体都有活动记录。"
CHASE_COLUMNS = {"kind": "类别", "id": "编号", "name": "名称", "county": "区县", "alliances": "未报送的教共体"}
KIND = {"alliance": "教共体", "school": "学校"}
NO_COORDS_TITLE = "缺少坐标的学校"
NO_COORDS_CAPTION = "这些学校没有经纬度，不会显示在地图上。共 {n} 所。"
NO_COORDS_EMPTY = "所有学校都有坐标。"
NO_COORDS_COLUMNS = {"school_id": "学校编号", "name": "学校", "county": "区县", "town": "乡镇", "stage": "学段",
                     "urban_rural": "城乡类别"}
NO_EVIDENCE_TITLE = "缺少佐证材料的活动"
NO_EVIDENCE_CAPTION = "所选学年中有活动记录未附佐证（照片、签到表或链接）的教共体；按活动记录条数计。"
NO_EVIDENCE_EMPTY = "所选学年所有活动记录都附有佐证。"
NO_EVIDENCE_COLUMNS = {"alliance_id": "教共体编号", "name": "教共体", "activities_n": "活动记录",
                       "evidence_missing_n": "缺佐证", "missing_pct": "缺佐证比例（%）"}
AUDIT_CAPTION = "登录、导入、导出等操作的记录，最新的在前（最多 500 条）；时间为 UTC。"
AUDIT_EMPTY = "还没有操作记录。"
AUDIT_COLUMNS = {"at": "时间（UTC）", "user_name": "账号", "action": "操作", "target": "对象", "detail": "详情"}
ACTIONS = {"sign_in": "登录", "sign_in_failed": "登录失败", "sign_out": "退出", "view_as": "以他人身份查看",
           "load": "导入数据", "export": "导出"}
