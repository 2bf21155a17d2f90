"""Chinese strings of the exports: download buttons, the 会议材料 page, slide captions and notes."""

from __future__ import annotations

EXPORTS_TITLE = "会议材料"
EXPORTS_INTRO = ("在各页面的图表、表格和地图下点「导出」→「加入会议材料」，所选内容连同当时的筛选条件收集在这里；"
                 "调整顺序后可下载一份演示文稿（PPTX，16:9）或同样内容的 PDF。")
EXPORTS_EMPTY = "还没有加入任何材料：打开总览、覆盖等页面，在图表或表格下点「导出」→「加入会议材料」。"
BUREAU_MISSING = "尚未配置教育局名称（设置 ALLIANCE_BUREAU_NAME），封面将只写看板名称。"

# The 导出 menu under every chart, table and map, and its buttons.
MENU = "导出"
PNG = "PNG 图片"
SVG = "SVG 矢量图"
XLSX = "Excel 表格"
CSV = "CSV"
MAP_PNG = "地图图片"
ADD = "加入会议材料"
ADDED = "已加入会议材料（共 {n} 项）"
PNG_HELP = "演示用高清图片（宽 {width} 像素），中文字体已嵌入图片。"
SVG_HELP = "矢量图，可无损缩放；打开的电脑需装有中文字体（如思源黑体、微软雅黑）。"
XLSX_HELP = "完整表格（{n} 行），首行写明筛选条件和数据日期。"
XLSX_TOO_MANY = "共 {n} 行，超过 Excel 单表 1,048,576 行的上限：请下载 CSV（完整数据）。"
CSV_HELP = "完整表格（{n} 行），UTF-8 编码（带 BOM），Excel 可直接打开中文。"
MAP_HELP = "地图图片，含图层、图例和比例尺（在服务器上离线绘制，约需数秒）。"
PAGE_PACK = "本页会议材料"
PAGE_PACK_HELP = "把本页当前筛选下显示的全部图表、表格和地图做成一份演示文稿（PPTX）；分标签页的页面只含当前打开的标签页。"

# Why an export is not offered on this server.
NO_KALEIDO = "服务器未安装 kaleido，无法生成图表图片（pip install -r requirements.txt）。"
NO_CHROMIUM = "服务器未安装 Chromium 浏览器，无法生成图片（以 root 运行 scripts/system-deps.sh，或 apt-get install chromium）。"
NO_CJK_FONT = "服务器缺少中文字体，图片中的中文会显示为方框（apt-get install fonts-noto-cjk）。"
NO_PLAYWRIGHT = "服务器未安装 playwright，无法生成地图图片（pip install -r requirements.txt）。"
NO_PPTX = "服务器未安装 python-pptx，无法生成演示文稿（pip install -r requirements.txt）。"
NO_SOFFICE = "服务器未安装 LibreOffice，无法生成 PDF（以 root 运行 scripts/system-deps.sh，或 apt-get install libreoffice-impress-nogui）。"

# The 会议材料 page.
ITEMS_HEADER = "已选材料"
ITEM_LINE = "**{n}. {title}**（{kind}，来自「{page}」）"
ITEM_FILTERS = "筛选：{filters}；{data_date}"
KIND = {"chart": "图表", "table": "表格", "map": "地图"}
UP = "上移"
DOWN = "下移"
REMOVE = "移除"
CLEAR = "全部清空"
PACK_HEADER = "下载"
PACK_TITLE = "材料标题"
PACK_TITLE_DEFAULT = "城乡教共体工作情况"
PACK_TITLE_OF = "{name} 会议材料"       # one page's or one alliance's pack
PPTX = "下载演示文稿（PPTX）"
PDF = "下载 PDF"
PPTX_HELP = "16:9 演示文稿：封面、每项一页（附筛选条件、数据日期和来源），备注中用文字写出图中数字。"
PDF_HELP = "与演示文稿内容相同的 PDF（由 LibreOffice 在服务器上转换，约需数秒）。"
LOG_HEADER = "导出记录"
LOG_CAPTION = "最近 {n} 次导出：谁、何时、导出了什么、当时的筛选条件。"
LOG_EMPTY = "还没有导出记录。"
LOG_COLUMNS = {"at": "时间（北京时间）", "user_name": "用户", "target": "导出内容", "detail": "筛选与格式"}
ANONYMOUS = "（未登录）"

# Slides and files.
SLIDE_SUBTITLE = "{bureau}\n{date}"
SLIDE_DATA_DATE = "数据载入于 {loaded_at}（第 {load_id} 次载入）"
SLIDE_NO_DATA_DATE = "数据日期未记录"
SLIDE_CAPTION = "筛选：{filters}｜{data_date}｜来源：{source}"
SOURCE = "城乡教共体数据看板「{page}」页，学校报送数据"
TABLE_MORE = "（共 {n} 行，此页显示前 {shown} 行；完整表格请在看板中下载 Excel）"
NOTES_ROWS = "共 {n} 行。"
NOTES_TRUNCATED = "……另有 {n} 项未列出。"
NOTES_EMPTY = "图中没有数据。"
FILTER_SEPARATOR = "；"
NO_FILTERS = "无"
TITLE_ROW = "{title}"
FILTER_ROW = "筛选：{filters}；{data_date}；导出于 {exported_at}"

# One alliance's pack.
ALLIANCE_PACK_HEADER = "单个教共体的会议材料"
ALLIANCE_PACK_CHOOSE = "教共体"
ALLIANCE_PACK = "一键下载该教共体材料（PPTX）"
ALLIANCE_PACK_HELP = ("与「教共体详情」页相同的内容，每项一页：成员学校、交流地图、各月活动记录、成员校与核心校的成绩、"
                      "均分差趋势（本学年；考核指标请在详情页查看）。")
ALLIANCE_PACK_NONE = "当前筛选条件下本学年没有教共体。"
