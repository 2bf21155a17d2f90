"""ETL: read, validate, transform and load the spreadsheets schools submit."""
