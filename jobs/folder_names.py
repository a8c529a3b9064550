"""Names of the operator folder's files and folders (a leaf module: it imports nothing of the kit,
so the folder code, the demo data and the jobs can all use it without importing each other)."""

# the settings file and the register workbook: jobs.settings.SETTINGS_FILE, jobs.registers.schema.REGISTER_FILE
CLIENTS_CSV = 'Клиенты.csv'
CHARGES_CSV = 'Начисления.csv'
PAYMENTS_CSV = 'Оплаты.csv'
CHARGES_DIR = 'Начисления'
PAYMENTS_DIR = 'Оплаты'
STATEMENTS_DIR = 'Выписки'
OUTPUT_DIR = 'Выгрузка'
CHECK_REPORT = 'Проверка реестра.xlsx'
# inside OUTPUT_DIR
DEBTORS_DIR = 'Должники'
CLAIMS_DIR = 'Претензии'          # inside DEBTORS_DIR
WARNINGS_DIR = 'Предупреждения'   # inside DEBTORS_DIR
SMS_DIR = 'SMS'                   # inside DEBTORS_DIR
DOCUMENTS_DIR = 'Документы'       # then one folder per run month, ГГГГ-ММ
EDO_DIR = 'ЭДО'                   # XML files for an ЭДО operator, one folder per run month
