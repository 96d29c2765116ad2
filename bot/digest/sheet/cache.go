package sheet

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"regexp"
)

// strResult is a formula cell whose cached result is a number but typed as
// text: excelize types every formula cell t="str", whatever it holds.
var strResult = regexp.MustCompile(`(<c [^>]*?) t="str"(>(?:<f>[^<]*</f>|<f [^>]*>[^<]*</f>)<v>-?[0-9][0-9.]*(?:[eE][-+]?[0-9]+)?</v></c>)`)

// summaryPart is the summary's worksheet in the archive: the sheet a new
// workbook starts with, renamed. The other sheets are streamed, and the
// stream writer types numeric results as numbers already.
const summaryPart = "xl/worksheets/sheet1.xml"

// numericCache rewrites the summary worksheet of an XLSX file so that
// formula results cached as numbers are typed as numbers: a viewer that
// does not recalculate (a phone, a chat preview, pandas) then shows them
// with the cell's number format ("54,2%", not "0.5424…"). Every other part
// is copied as it is compressed.
func numericCache(xlsx []byte) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(xlsx), int64(len(xlsx)))
	if err != nil {
		return nil, fmt.Errorf("sheet: cached values: %w", err)
	}
	var out bytes.Buffer
	out.Grow(len(xlsx))
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		if f.Name == summaryPart {
			err = retype(zw, f)
		} else {
			err = zw.Copy(f)
		}
		if err != nil {
			return nil, fmt.Errorf("sheet: cached values: %s: %w", f.Name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("sheet: cached values: %w", err)
	}
	return out.Bytes(), nil
}

// retype copies one worksheet of the archive, retyping its cached results.
func retype(zw *zip.Writer, f *zip.File) error {
	r, err := f.Open()
	if err != nil {
		return err
	}
	defer r.Close()
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	data = strResult.ReplaceAll(data, []byte("$1$2"))
	hdr := f.FileHeader
	w, err := zw.CreateHeader(&hdr)
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}
