package engine

import "testing"

func TestFileFormat(t *testing.T) {
	tests := []struct {
		name, data, want string
	}{
		{"book.CSV", `{"students": []}`, "csv"}, // the extension decides
		{"log.txt", "", "csv"},
		{"book.json", "Student,ID", "json"},
		{"book.xlsm", "", "xlsx"},
		{`C:\team\book.xlsx`, "", "xlsx"},
		{"old.xls", "", "spreadsheet"},
		{"calc.ods", "", "spreadsheet"},
		{"<stdin>", "PK\x03\x04rest", "xlsx"},
		{"", "\xef\xbb\xbf  \n[{\"date\": \"2026-09-01\"}]", "json"},
		{"", " {\"assignments\": []}", "json"},
		{"", "Student,ID\n", "csv"},
		{"", "", "csv"},
	}
	for _, tt := range tests {
		if got := FileFormat(tt.name, []byte(tt.data)); got != tt.want {
			t.Errorf("FileFormat(%q, %q) = %q, want %q", tt.name, tt.data, got, tt.want)
		}
	}
}
