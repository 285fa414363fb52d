package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"strings"
)

// pkg is a workbook's zip package as the streaming fill path sees it:
// which part is the workbook, its relationships and styles, and which part
// holds each worksheet. It reads the small parts it needs with
// encoding/xml; worksheets are streamed (sheetxml.go).
type pkg struct {
	zr       *zip.Reader
	files    map[string]*zip.File
	workbook string // "xl/workbook.xml"
	wbRels   string // "xl/_rels/workbook.xml.rels"
	styles   string // "xl/styles.xml"
	calc     string // "xl/calcChain.xml", or ""
	// sheets maps a worksheet's name to its part; sheetIDs are the
	// workbook's sheetId values, relIDs its relationship ids.
	sheets   map[string]string
	sheetIDs []int
	relIDs   map[string]bool
}

const (
	relNS          = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	relWorksheet   = relNS + "/worksheet"
	worksheetCType = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
)

type xRels struct {
	Rels []struct {
		ID     string `xml:"Id,attr"`
		Type   string `xml:"Type,attr"`
		Target string `xml:"Target,attr"`
		Mode   string `xml:"TargetMode,attr"`
	} `xml:"Relationship"`
}

type xWorkbook struct {
	Sheets []struct {
		Name    string `xml:"name,attr"`
		SheetID int    `xml:"sheetId,attr"`
		RID     string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
	} `xml:"sheets>sheet"`
}

// openPackage reads the package's structure. An error means the streaming
// path cannot handle this workbook (a Strict Open XML file, say), never
// that the workbook is broken: excelize has read it already.
func openPackage(data []byte) (*pkg, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	p := &pkg{zr: zr, files: map[string]*zip.File{}, sheets: map[string]string{}, relIDs: map[string]bool{}}
	for _, f := range zr.File {
		p.files[f.Name] = f
	}
	var root xRels
	if err := p.unmarshal("_rels/.rels", &root); err != nil {
		return nil, err
	}
	for _, r := range root.Rels {
		if strings.HasSuffix(r.Type, "/officeDocument") && r.Type == relNS+"/officeDocument" {
			p.workbook = resolve("", r.Target)
		}
	}
	if p.workbook == "" {
		return nil, fmt.Errorf("%w: no workbook part (a Strict Open XML workbook?)", errCannotStream)
	}
	p.wbRels = path.Join(path.Dir(p.workbook), "_rels", path.Base(p.workbook)+".rels")
	var rels xRels
	if err := p.unmarshal(p.wbRels, &rels); err != nil {
		return nil, err
	}
	targets := map[string]string{}
	for _, r := range rels.Rels {
		p.relIDs[r.ID] = true
		if r.Mode == "External" {
			continue
		}
		t := resolve(path.Dir(p.workbook), r.Target)
		targets[r.ID] = t
		switch r.Type {
		case relNS + "/styles":
			p.styles = t
		case relNS + "/calcChain":
			p.calc = t
		case relWorksheet:
		default:
			delete(targets, r.ID)
		}
	}
	if p.styles == "" || p.files[p.styles] == nil {
		return nil, fmt.Errorf("%w: no styles part", errCannotStream)
	}
	var wb xWorkbook
	if err := p.unmarshal(p.workbook, &wb); err != nil {
		return nil, err
	}
	for _, s := range wb.Sheets {
		p.sheetIDs = append(p.sheetIDs, s.SheetID)
		if t, ok := targets[s.RID]; ok && p.files[t] != nil {
			p.sheets[s.Name] = t
		}
	}
	return p, nil
}

// resolve turns a relationship target into a part name.
func resolve(dir, target string) string {
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(target, "/")
	}
	return path.Join(dir, target)
}

func (p *pkg) read(name string) ([]byte, error) {
	f := p.files[name]
	if f == nil {
		return nil, fmt.Errorf("%w: no part %s", errCannotStream, name)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

func (p *pkg) unmarshal(name string, v any) error {
	b, err := p.read(name)
	if err != nil {
		return err
	}
	return xml.Unmarshal(b, v)
}

// newSheetPart returns an unused worksheet part name.
func (p *pkg) newSheetPart(taken map[string]bool) string {
	for n := 1; ; n++ {
		name := fmt.Sprintf("%s/worksheets/sheet%d.xml", path.Dir(p.workbook), n)
		if p.files[name] == nil && !taken[name] {
			return name
		}
	}
}
