// Package rmtree removes a directory tree without following links, in a way
// Wine 8.0 supports.
//
// Go 1.26's os.RemoveAll on Windows deletes through NtSetInformationFile with
// FileDispositionInformationEx and falls back only on the statuses Windows
// returns; Wine 8.0 answers STATUS_NOT_IMPLEMENTED, so os.RemoveAll fails
// there. Worse, under Wine 8.0 DeleteFileW and RemoveDirectoryW on a Unix
// symbolic link delete its target (docs/platform.md). On Windows, Remove
// therefore walks the tree through handles (package nofollow): each entry is
// opened relative to its parent without following a link, a link is deleted
// itself, and a link the system opens only as its target is refused.
package rmtree
