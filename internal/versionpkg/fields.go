package main

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// A version package names the generated types with aliases (type Checkout
// = gen.Checkout), and `go doc` shows an alias without the fields of its
// target. So that a user never has to open gen/, documentFields appends to
// the doc comment of each alias of a generated struct the list of its
// fields: Go name, JSON key, Go type and Polar's description of it, as the
// generated code has them for this version.

// field is one field of a generated struct.
type field struct {
	name, json, typ, doc string
}

// genStructs reads the generated package's file and returns its struct
// types' fields by type name.
func genStructs(path string) (map[string][]field, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, nil, parser.ParseComments)
	if err != nil {
		return nil, err
	}
	out := map[string][]field{}
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.TYPE {
			continue
		}
		for _, s := range gd.Specs {
			ts := s.(*ast.TypeSpec)
			st, ok := ts.Type.(*ast.StructType)
			if !ok || ts.Assign != 0 {
				continue
			}
			var fields []field
			for _, fl := range st.Fields.List {
				if len(fl.Names) == 0 || !fl.Names[0].IsExported() {
					continue
				}
				var typ bytes.Buffer
				_ = printer.Fprint(&typ, fset, fl.Type)
				fd := field{name: fl.Names[0].Name, typ: typ.String()}
				if fl.Tag != nil {
					tag, _ := strconv.Unquote(fl.Tag.Value)
					fd.json, _, _ = strings.Cut(reflect.StructTag(tag).Get("json"), ",")
				}
				if fl.Doc != nil {
					text := strings.TrimSpace(fl.Doc.Text())
					text, _, _ = strings.Cut(text, "\n") // the description's first line
					fd.doc = strings.TrimSpace(strings.TrimPrefix(text, fd.name))
				}
				fields = append(fields, fd)
			}
			out[ts.Name.Name] = fields
		}
	}
	return out, nil
}

// documentFields returns src with a field list appended to the doc comment
// of every alias of a generated struct (X = gen.Y).
func documentFields(src []byte, structs map[string][]field) ([]byte, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", src, parser.ParseComments)
	if err != nil {
		return nil, err
	}
	type insert struct {
		at   int
		text string
	}
	var inserts []insert
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.TYPE {
			continue
		}
		for _, s := range gd.Specs {
			ts := s.(*ast.TypeSpec)
			sel, ok := ts.Type.(*ast.SelectorExpr)
			if ts.Assign == 0 || !ok {
				continue
			}
			if x, ok := sel.X.(*ast.Ident); !ok || x.Name != "gen" {
				continue
			}
			fields := structs[sel.Sel.Name]
			if len(fields) == 0 {
				continue
			}
			doc := ts.Doc
			if doc == nil && len(gd.Specs) == 1 {
				doc = gd.Doc
			}
			if doc == nil {
				return nil, fmt.Errorf("%s: an alias of a generated struct needs a doc comment", ts.Name.Name)
			}
			indent := strings.Repeat("\t", fset.Position(doc.Pos()).Column-1)
			var b strings.Builder
			b.WriteString(indent + "//\n" + indent + "// Fields (Go name, JSON key, type: Polar's description):\n")
			for _, fd := range fields {
				line := fmt.Sprintf("%s//   - %s %q %s", indent, fd.name, fd.json, fd.typ)
				if fd.doc != "" {
					line += ": " + fd.doc
				}
				b.WriteString(line + "\n")
			}
			inserts = append(inserts, insert{at: fset.Position(doc.End()).Offset, text: "\n" + strings.TrimSuffix(b.String(), "\n")})
		}
	}
	slices.SortFunc(inserts, func(a, b insert) int { return b.at - a.at })
	out := slices.Clone(src)
	for _, in := range inserts {
		out = slices.Insert(out, in.at, []byte(in.text)...)
	}
	return out, nil
}
