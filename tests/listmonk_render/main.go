// Renders a campaign as listmonk does before sending (models/campaigns.go, CompileTemplate, and
// the shorthands of models/common.go): the body through html/template, the plain text and the
// subject through text/template, with stand-ins for listmonk's template functions. Reads
// {"subject", "body", "altbody"} as JSON on stdin, writes the same fields rendered, or the error.
package main

import (
	"bytes"
	"encoding/json"
	htmltpl "html/template"
	"os"
	"regexp"
	texttpl "text/template"
)

var shorthands = []struct {
	re   *regexp.Regexp
	with string
}{
	{regexp.MustCompile(`{{\s*TrackLink\s+"([^"]+)"\s*}}`), `{{ TrackLink "$1" . }}`},
	{regexp.MustCompile(`(https?://[\p{L}\p{N}_\-\.~!#$&'()*+,/:;=?@\[\]%]*)@TrackLink`), `{{ TrackLink "$1" . }}`},
	{regexp.MustCompile(`{{(\s+)?(TrackView|UnsubscribeURL|ManageURL|OptinURL|MessageURL)(\s+)?}}`), `{{ $2 . }}`},
}

func expand(s string) string {
	for _, r := range shorthands {
		s = r.re.ReplaceAllString(s, r.with)
	}
	return s
}

type subscriber struct{ Email, Name string }

func main() {
	var in map[string]string
	if err := json.NewDecoder(os.Stdin).Decode(&in); err != nil {
		panic(err)
	}
	data := map[string]any{"Subscriber": subscriber{"reader@example.org", "Reader"}}
	funcs := map[string]any{
		"Safe":      func(s string) htmltpl.HTML { return htmltpl.HTML(s) },
		"TrackLink": func(url string, _ any) string { return "https://lists.example.org/link?u=" + url },
		"TrackView": func(_ any) htmltpl.HTML { return `<img src="https://lists.example.org/view">` },
		"UnsubscribeURL": func(_ any) string { return "https://lists.example.org/unsub" },
	}
	out := map[string]string{}
	for _, name := range []string{"subject", "altbody"} {
		t, err := texttpl.New(name).Funcs(funcs).Parse(expand(in[name]))
		var b bytes.Buffer
		if err == nil {
			err = t.Execute(&b, data)
		}
		if err != nil {
			out["error"] = err.Error()
		}
		out[name] = b.String()
	}
	t, err := htmltpl.New("content").Funcs(funcs).Parse(expand(in["body"]))
	var b bytes.Buffer
	if err == nil {
		err = t.Execute(&b, data)
	}
	if err != nil {
		out["error"] = err.Error()
	}
	out["body"] = b.String()
	json.NewEncoder(os.Stdout).Encode(out)
}
