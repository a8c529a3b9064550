"""The operator's registers: the client register workbook, charges, payments,
bank statements — their columns, reading and validation."""
