package transform

// tableStreamName is the compound-file name of a table's stream: a 0x4840
// mark, then the name packed two characters to a code unit where both are in
// the 64-character alphabet below (Windows Installer's encoding, which keeps
// table names within the 31-unit limit of compound-file names).
func tableStreamName(table string) string {
	out := []rune{0x4840}
	for i := 0; i < len(table); i++ {
		a := mime(table[i])
		if a < 0 {
			out = append(out, rune(table[i]))
			continue
		}
		if i+1 < len(table) {
			if b := mime(table[i+1]); b >= 0 {
				out = append(out, rune(0x3800+a+b<<6))
				i++
				continue
			}
		}
		out = append(out, rune(0x4800+a))
	}
	return string(out)
}

// mime is c's index in 0-9 A-Z a-z . _, or -1.
func mime(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'A' && c <= 'Z':
		return int(c-'A') + 10
	case c >= 'a' && c <= 'z':
		return int(c-'a') + 36
	case c == '.':
		return 62
	case c == '_':
		return 63
	}
	return -1
}
