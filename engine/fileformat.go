package engine

import (
	"bytes"
	"path"
	"strings"
)

// FileFormat names the reader for a gradebook or incident log file: by
// the extension of name when it is a known one, otherwise by the content,
// as a file from standard input or a page is (a zip is a workbook; text
// starting with { or [ is JSON; anything else is CSV, whose header starts
// with a word). It is "csv", "json", "xlsx", or "spreadsheet" for .xls and
// .ods, which no reader reads (the faces say to save as .xlsx or CSV). Every
// face chooses readers by it, so a file is read the same way everywhere.
func FileFormat(name string, data []byte) string {
	switch strings.ToLower(path.Ext(strings.ReplaceAll(name, `\`, "/"))) {
	case ".json":
		return "json"
	case ".csv", ".txt", ".tsv":
		return "csv"
	case ".xlsx", ".xlsm":
		return "xlsx"
	case ".xls", ".ods":
		return "spreadsheet"
	}
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		return "xlsx"
	}
	data = bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), " \t\r\n")
	if len(data) > 0 && (data[0] == '{' || data[0] == '[') {
		return "json"
	}
	return "csv"
}
