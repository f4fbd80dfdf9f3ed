"""Render: charts, the Word document, the spreadsheet and the diff, all from the indicator table."""
