package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
)

// pkg is a workbook's zip package: which part is the workbook, its
// relationships, styles and shared strings, and which part holds each
// worksheet. Open reads every workbook through it (sheetread.go), and the
// streaming fill path writes from it (stream.go). It reads the small parts
// it needs with encoding/xml; worksheets are streamed (sheetxml.go).
type pkg struct {
	zr       *zip.Reader
	files    map[string]*zip.File
	workbook string // "xl/workbook.xml"
	wbRels   string // "xl/_rels/workbook.xml.rels"
	styles   string // "xl/styles.xml", or "" when there is none
	// danglingStyles is the part a styles relationship names when that
	// part is missing ("" otherwise): Fill writes the stylesheet there.
	danglingStyles string
	sst            string // "xl/sharedStrings.xml", or ""
	calc           string // "xl/calcChain.xml", or ""
	// names are the workbook's sheets in its order (worksheets, chart
	// sheets and all); sheets maps a worksheet's name to its part;
	// sheetIDs are the workbook's sheetId values, relIDs its relationship
	// ids.
	names    []string
	sheets   map[string]string
	sheetIDs []int
	relIDs   map[string]bool
	// streamErr says why the streaming fill path cannot write this
	// package (nil when it can): Norms reads more packages than it
	// rewrites byte by byte.
	streamErr error
}

const (
	relNS          = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	relWorksheet   = relNS + "/worksheet"
	worksheetCType = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
	// strictRelNS is the relationships namespace of Strict Open XML
	// (ISO 29500 Strict, "Strict Open XML Spreadsheet" in Excel's Save
	// As), which Norms reads but does not stream.
	strictRelNS = "http://purl.oclc.org/ooxml/officeDocument/relationships"
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
		Name    string     `xml:"name,attr"`
		SheetID int        `xml:"sheetId,attr"`
		Attrs   []xml.Attr `xml:",any,attr"`
	} `xml:"sheets>sheet"`
}

// relType returns the kind of a relationship type ("worksheet",
// "styles") in either namespace, and whether it is Strict's.
func relType(t string) (kind string, strict bool) {
	for _, ns := range []string{relNS, strictRelNS} {
		if k, ok := strings.CutPrefix(t, ns+"/"); ok {
			return k, ns == strictRelNS
		}
	}
	return "", false
}

// errTooBig says a package unpacks to more than the caller allows.
var errTooBig = errors.New("the workbook unpacks to more than the limit")

// openPackage reads the package's structure, refusing one whose parts
// unpack to more than limit bytes in all (a zip bomb: a small file that
// inflates to gigabytes); archive/zip refuses a part that inflates to more
// than its header says, so the headers' sizes bound what is read. An error
// means Norms cannot read the workbook; p.streamErr that it reads it but
// fills it through excelize.
func openPackage(data []byte, limit int64) (*pkg, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	p := &pkg{zr: zr, files: map[string]*zip.File{}, sheets: map[string]string{}, relIDs: map[string]bool{}}
	var total uint64
	backslash := false
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if total > uint64(limit) || f.UncompressedSize64 > uint64(limit) {
			return nil, errTooBig
		}
		// Some programs write part names with Windows separators; Excel
		// and excelize read them as /.
		name := strings.ReplaceAll(f.Name, `\`, "/")
		backslash = backslash || name != f.Name
		p.files[name] = f
	}
	strict := false
	var root xRels
	if err := p.unmarshal("_rels/.rels", &root); err == nil {
		for _, r := range root.Rels {
			if k, s := relType(r.Type); k == "officeDocument" {
				p.workbook, strict = resolve("", r.Target), s
			}
		}
	}
	noRoot := p.workbook == ""
	if noRoot {
		// No package relationships (or none to the workbook): where
		// every workbook has it, as excelize assumes.
		p.workbook = "xl/workbook.xml"
	}
	if p.files[p.workbook] == nil {
		return nil, errors.New("the package has no workbook part")
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
		switch k, _ := relType(r.Type); k {
		case "styles":
			p.styles = t
		case "sharedStrings":
			p.sst = t
		case "calcChain":
			p.calc = t
		case "worksheet":
		default:
			delete(targets, r.ID)
		}
	}
	var wb xWorkbook
	if err := p.unmarshal(p.workbook, &wb); err != nil {
		return nil, err
	}
	for _, s := range wb.Sheets {
		p.names = append(p.names, s.Name)
		p.sheetIDs = append(p.sheetIDs, s.SheetID)
		var rid string
		for _, a := range s.Attrs {
			if a.Name.Local == "id" && (a.Name.Space == relNS || a.Name.Space == strictRelNS) {
				rid = a.Value
			}
		}
		if t, ok := targets[rid]; ok && p.files[t] != nil {
			p.sheets[s.Name] = t
		}
	}
	if p.styles != "" && p.files[p.styles] == nil {
		p.danglingStyles, p.styles = p.styles, ""
	}
	switch {
	case noRoot:
		p.streamErr = fmt.Errorf("%w: no relationship to the workbook part", errCannotStream)
	case backslash:
		p.streamErr = fmt.Errorf("%w: part names written with backslashes", errCannotStream)
	case strict:
		p.streamErr = fmt.Errorf("%w: a Strict Open XML workbook", errCannotStream)
	}
	return p, nil
}

// stylesCType is the content type of a styles part.
const stylesCType = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"

// defaultStyles is the stylesheet Excel assumes for a workbook that has
// none (some programs write none): its default font, the two fills every
// stylesheet starts with, one border and the Normal style. Fill needs a
// stylesheet to add the results' styles to, so it writes this one into
// such a workbook (addStylesPart).
const defaultStyles = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
	`<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
	`<fonts count="1"><font><sz val="11"/><color theme="1"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font></fonts>` +
	`<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
	`<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
	`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
	`<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>` +
	`<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>` +
	`<dxfs count="0"/><tableStyles count="0"/></styleSheet>`

// addStylesPart is how a package without a styles part gets one: the
// part to write defaultStyles to (where a relationship to a missing part
// points, else styles.xml beside the workbook), and the workbook's
// relationships (relDoc) and content types (ctDoc) edited to name it.
func (p *pkg) addStylesPart(relDoc, ctDoc []byte) (part string, rels, ct []byte, err error) {
	part = p.danglingStyles
	if part == "" {
		part = path.Join(path.Dir(p.workbook), "styles.xml")
		if p.files[part] != nil {
			return "", nil, nil, fmt.Errorf("the workbook has no styles relationship, but a part %s that it does not name; open the workbook in Excel and save it again", part)
		}
		rid := "rIdNormsStyles"
		for p.relIDs[rid] {
			rid += "x"
		}
		rel := fmt.Sprintf(`<Relationship Id="%s" Type="%s/styles" Target="%s"/>`, rid, relNS, strings.TrimPrefix(part, path.Dir(p.workbook)+"/"))
		if relDoc, err = insertBefore(relDoc, "</Relationships>", rel); err != nil {
			return "", nil, nil, err
		}
	}
	// An Override naming the part may survive the part (the content type
	// of a removed stylesheet): one, of the right type, is left.
	ctDoc = removeElements(ctDoc, "Override", func(tag []byte) bool {
		n, _ := attr(tag, "PartName")
		return strings.EqualFold(n, "/"+part)
	})
	if ctDoc, err = insertBefore(ctDoc, "</Types>", fmt.Sprintf(`<Override PartName="/%s" ContentType="%s"/>`, part, stylesCType)); err != nil {
		return "", nil, nil, err
	}
	return part, relDoc, ctDoc, nil
}

// stylesLack names the first of the parts of a stylesheet excelize's
// NewStyle assumes (it dereferences each) that the styles part lacks, ""
// when it has them all or the package has no styles part (withStyles
// gives it a whole one). The streaming path adds to what it finds, so
// only the excelize path asks.
func (p *pkg) stylesLack() (string, error) {
	if p.styles == "" {
		return "", nil
	}
	var doc struct {
		Fonts   *struct{} `xml:"fonts"`
		Fills   *struct{} `xml:"fills"`
		Borders *struct{} `xml:"borders"`
		CellXfs *struct{} `xml:"cellXfs"`
	}
	if err := p.unmarshal(p.styles, &doc); err != nil {
		return "", err
	}
	for _, part := range []struct {
		name string
		el   *struct{}
	}{{"fonts", doc.Fonts}, {"fills", doc.Fills}, {"borders", doc.Borders}, {"cellXfs", doc.CellXfs}} {
		if part.el == nil {
			return part.name, nil
		}
	}
	return "", nil
}

// withStyles returns the package's bytes with defaultStyles added as
// addStylesPart says (every other part copied as it is), for excelize,
// which assumes a workbook has a stylesheet.
func (p *pkg) withStyles() (data []byte, part string, err error) {
	relDoc, err := p.read(p.wbRels)
	if err != nil {
		return nil, "", err
	}
	ctDoc, err := p.read("[Content_Types].xml")
	if err != nil {
		return nil, "", err
	}
	if part, relDoc, ctDoc, err = p.addStylesPart(relDoc, ctDoc); err != nil {
		return nil, "", err
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	put := func(name string, b []byte) error {
		fw, err := zw.Create(name)
		if err == nil {
			_, err = fw.Write(b)
		}
		return err
	}
	for _, f := range p.zr.File {
		switch strings.ReplaceAll(f.Name, `\`, "/") {
		case p.wbRels:
			err = put(f.Name, relDoc)
		case "[Content_Types].xml":
			err = put(f.Name, ctDoc)
		default:
			err = zw.Copy(f)
		}
		if err != nil {
			return nil, "", err
		}
	}
	if err := put(part, []byte(defaultStyles)); err != nil {
		return nil, "", err
	}
	if err := zw.Close(); err != nil {
		return nil, "", err
	}
	return buf.Bytes(), part, nil
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
