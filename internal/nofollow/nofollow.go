// Package nofollow creates, secures and removes a directory tree without
// following links: symbolic links, junctions, any other reparse point, and
// (under Wine) Unix symbolic links that Windows APIs see through.
//
// Every entry is opened relative to its parent's handle without following a
// reparse point (NtCreateFile with RootDirectory and FILE_OPEN_REPARSE_POINT
// on Windows), and what is decided about it is decided from that handle: its
// attributes, its link count and its own name. So a check and the use that
// follows it act on the same object; renaming or replacing the path between
// them changes nothing. Three checks, each documented Windows behaviour:
//
//   - FILE_ATTRIBUTE_REPARSE_POINT in the handle's attributes or in the
//     parent's directory listing: a link (or another reparse point);
//   - the handle's own name (FileNameInfo) is not parent name + `\` + entry
//     name: the open was redirected somewhere else. On Windows a handle
//     opened without following has its own name; under Wine 8.0 a Unix
//     symbolic link is always followed and only this check (and, for
//     directories, the listing's attribute) sees it (docs/platform.md);
//   - a file with more than one name (hard link): its content and security
//     descriptor are shared with a name elsewhere, so setting its ACL or
//     writing it would change that other file too.
//
// The walk logic is plain Go over the Handle interface, tested on Linux with
// a fake; nofollow_windows.go is the real Handle.
package nofollow

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
)

// Windows file attribute bits the decisions read.
const (
	AttrDirectory    = 0x10
	AttrReparsePoint = 0x400
)

// MaxDepth bounds how deep Secure and Remove walk: a data folder of this
// product is two levels deep; a deeper tree was made by someone else and is
// refused rather than walked without end.
const MaxDepth = 32

// Info is what an open handle says about the object it holds.
type Info struct {
	Name  string // the handle's own path (FileNameInfo), without the drive
	Attrs uint32 // FILE_ATTRIBUTE_* of the object the handle holds
	Links uint32 // number of names (hard links) of the object
}

// Entry is one name in a directory listing, with the attributes the listing
// reports for it.
type Entry struct {
	Name  string
	Attrs uint32
}

// Handle is an open file or directory. Open never follows a link in name.
type Handle interface {
	Info() (Info, error)
	// List returns the entries of a directory, without "." and "..".
	List() ([]Entry, error)
	// Open opens the entry name of this directory for use (how is the
	// caller's: Secure asks for ACL rights, Remove for delete), never
	// following it when it is a link. create makes a missing directory.
	Open(name string, use Use, create bool) (Handle, error)
	// Delete removes the object this handle holds (the link itself for a
	// link) once the handle is closed.
	Delete() error
	Close() error
}

// Use says what a handle is opened for.
type Use int

const (
	UseSecure Use = iota // read attributes, list, read and write owner and DACL
	UseRemove            // read attributes, list, delete
	UseCheck             // read attributes only
)

// Kind is what an opened entry turned out to be.
type Kind int

const (
	Dir        Kind = iota // a plain directory
	File                   // a plain file with one name
	HardLinked             // a plain file with more than one name
	Link                   // a reparse point, and the handle holds the link itself
	Redirected             // a link that was followed: the handle holds something else
)

func (k Kind) String() string {
	switch k {
	case Dir:
		return "directory"
	case File:
		return "file"
	case HardLinked:
		return "hard-linked file"
	case Link:
		return "link"
	}
	return "followed link"
}

// Classify decides what the entry whose handle reports h is. want is the
// name the handle must have (its parent's name + `\` + the entry's name);
// listed is the attributes the parent's listing gave (0 if not listed).
func Classify(want string, listed uint32, h Info) Kind {
	named := strings.EqualFold(h.Name, want)
	switch {
	case h.Attrs&AttrReparsePoint != 0 && named:
		return Link
	case h.Attrs&AttrReparsePoint != 0, listed&AttrReparsePoint != 0, !named:
		return Redirected
	case h.Attrs&AttrDirectory != 0:
		return Dir
	case h.Links > 1:
		return HardLinked
	}
	return File
}

// LinkError is a refusal: path is a link, a followed link, a hard-linked
// file, or too deep, and was left alone. Its message says what to do.
type LinkError struct {
	Op    string // "secure", "remove"
	Path  string
	Kind  Kind
	Links uint32 // for HardLinked
	Depth bool   // refused for depth, not kind
}

func (e *LinkError) Error() string {
	switch {
	case e.Depth:
		return fmt.Sprintf("%s %s: more than %d levels deep; this product does not make such trees, so it was left alone: "+
			"move it out of the data folder and run the command again", e.Op, e.Path, MaxDepth)
	case e.Kind == HardLinked:
		return fmt.Sprintf("%s %s: the file has %d names (hard links), so its content and ACL are shared with a file elsewhere, "+
			"which changing it would change too; it was left alone: delete this name (del %q removes only this name) and run the command again",
			e.Op, e.Path, e.Links, e.Path)
	case e.Op == "remove":
		return fmt.Sprintf("%s %s: it is a link that this system opens only as its target, so removing it would remove the target; "+
			"nothing was removed there: delete the link itself by hand and run the command again", e.Op, e.Path)
	}
	return fmt.Sprintf("%s %s: it is a link (symbolic link, junction or other reparse point) to somewhere else; it was not followed "+
		"and nothing was changed through it: delete the link itself (rmdir %q removes a directory link, del %q a file link; "+
		"neither touches the target) and run the command again", e.Op, e.Path, e.Path, e.Path)
}

// Securer gives one entry its security descriptor: top is the folder Secure
// was asked for, dir says whether the entry is a directory.
type Securer func(h Handle, top, dir bool) error

// Secure makes parent\name a plain directory secured by set, and every entry
// below it too: the folder first (from then on only who set allows may
// change anything in it), then each child before its own children are
// listed. It creates the folder when missing. It refuses, without changing
// the entry, a link or followed link anywhere in the tree and a file with
// more than one name; the error is a *LinkError naming the path. path is
// the folder's name for messages (e.g. C:\ProgramData\hellosvc).
//
// subdirs are plain names of folders the product keeps in the folder (the
// crash dumps folder): each is created when missing, once the folder is
// secured and before it is listed, so the walk secures and checks it like
// any other entry. An entry of that name that is a link is opened as the
// link itself, never followed, and refused by the walk.
func Secure(parent Handle, name, path string, set Securer, subdirs ...string) error {
	if err := plainName(name); err != nil {
		return err
	}
	for _, sub := range subdirs {
		if err := plainName(sub); err != nil {
			return err
		}
	}
	pinfo, err := parent.Info()
	if err != nil {
		return fmt.Errorf("secure %s: %w", path, err)
	}
	h, err := parent.Open(name, UseSecure, true)
	if err != nil {
		return fmt.Errorf("secure %s: %w", path, err)
	}
	defer h.Close()
	return secureEntry(h, join(pinfo.Name, name), 0, path, true, 0, set, subdirs)
}

func secureEntry(h Handle, want string, listed uint32, path string, top bool, depth int, set Securer, subdirs []string) error {
	info, err := h.Info()
	if err != nil {
		return fmt.Errorf("secure %s: %w", path, err)
	}
	switch k := Classify(want, listed, info); k {
	case Link, Redirected:
		return &LinkError{Op: "secure", Path: path, Kind: k}
	case HardLinked:
		return &LinkError{Op: "secure", Path: path, Kind: k, Links: info.Links}
	case File:
		if top {
			return fmt.Errorf("secure %s: it is a file, not a folder: move it away and run the command again", path)
		}
		return wrap("secure", path, set(h, false, false))
	}
	if err := set(h, top, true); err != nil {
		return wrap("secure", path, err)
	}
	for _, sub := range subdirs {
		c, err := h.Open(sub, UseCheck, true)
		if err != nil {
			return fmt.Errorf("secure %s: create %s: %w", path, path+`\`+sub, err)
		}
		c.Close()
	}
	entries, err := h.List()
	if err != nil {
		return fmt.Errorf("secure %s: %w", path, err)
	}
	if len(entries) > 0 && depth+1 > MaxDepth {
		return &LinkError{Op: "secure", Path: path, Depth: true}
	}
	for _, e := range entries {
		if err := plainName(e.Name); err != nil {
			return fmt.Errorf("secure %s: %w", path, err)
		}
		c, err := h.Open(e.Name, UseSecure, false)
		if err != nil {
			return fmt.Errorf("secure %s: %w", path+`\`+e.Name, err)
		}
		err = secureEntry(c, join(info.Name, e.Name), e.Attrs, path+`\`+e.Name, false, depth+1, set, nil)
		c.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// Remove removes parent\name and everything below it. A link is removed
// itself, never followed; a file with several names loses only this name.
// A link that the system would open only as its target (a Unix symbolic
// link under Wine) is refused with a *LinkError and left alone, and so is
// everything after it in the walk. existed is false when parent\name was
// not there, which is not an error.
func Remove(parent Handle, name, path string) (existed bool, err error) {
	if err := plainName(name); err != nil {
		return false, err
	}
	pinfo, err := parent.Info()
	if err != nil {
		return false, fmt.Errorf("remove %s: %w", path, err)
	}
	h, err := parent.Open(name, UseRemove, false)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("remove %s: %w", path, err)
	}
	err = removeEntry(h, join(pinfo.Name, name), 0, path, 0)
	if cerr := h.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("remove %s: %w", path, cerr)
	}
	return true, err
}

// removeEntry marks h deleted after removing what is below it; the caller
// closes h, which completes the deletion.
func removeEntry(h Handle, want string, listed uint32, path string, depth int) error {
	info, err := h.Info()
	if err != nil {
		return fmt.Errorf("remove %s: %w", path, err)
	}
	switch Classify(want, listed, info) {
	case Redirected:
		return &LinkError{Op: "remove", Path: path, Kind: Redirected}
	case Link, File, HardLinked:
		return wrap("remove", path, h.Delete())
	}
	entries, err := h.List()
	if err != nil {
		return fmt.Errorf("remove %s: %w", path, err)
	}
	if len(entries) > 0 && depth+1 > MaxDepth {
		return &LinkError{Op: "remove", Path: path, Depth: true}
	}
	for _, e := range entries {
		if err := plainName(e.Name); err != nil {
			return fmt.Errorf("remove %s: %w", path, err)
		}
		c, err := h.Open(e.Name, UseRemove, false)
		if err != nil {
			return fmt.Errorf("remove %s: %w", path+`\`+e.Name, err)
		}
		err = removeEntry(c, join(info.Name, e.Name), e.Attrs, path+`\`+e.Name, depth+1)
		if cerr := c.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("remove %s: %w", path+`\`+e.Name, cerr)
		}
		if err != nil {
			return err
		}
	}
	return wrap("remove", path, h.Delete())
}

// Check opens nothing itself: it classifies what h holds, expected to be
// named want, and returns a *LinkError unless it is a plain directory (dir)
// or a plain file with one name (!dir).
func Check(h Handle, want, path string, dir bool) error {
	info, err := h.Info()
	if err != nil {
		return fmt.Errorf("check %s: %w", path, err)
	}
	k := Classify(want, 0, info)
	switch {
	case k == Link || k == Redirected:
		return &LinkError{Op: "open", Path: path, Kind: k}
	case k == HardLinked:
		return &LinkError{Op: "open", Path: path, Kind: k, Links: info.Links}
	case dir && k != Dir:
		return fmt.Errorf("open %s: it is a file, not a folder", path)
	case !dir && k != File:
		return fmt.Errorf("open %s: it is a folder, not a file", path)
	}
	return nil
}

func plainName(name string) error {
	if name == "" || name == "." || name == ".." || strings.ContainsAny(name, `\/`) {
		return fmt.Errorf("%q is not a plain file name", name)
	}
	return nil
}

func join(dir, name string) string { return strings.TrimRight(dir, `\`) + `\` + name }

func wrap(op, path string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s %s: %w", op, path, err)
}
