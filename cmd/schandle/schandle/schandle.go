// Package schandle is an analyzer that finds leaked and misused Windows
// Service Control Manager handles (SC_HANDLE).
//
// It follows every handle from where it is opened —
// golang.org/x/sys/windows.OpenSCManager, OpenService and CreateService, and
// golang.org/x/sys/windows/svc/mgr.Connect, ConnectRemote,
// (*mgr.Mgr).OpenService and (*mgr.Mgr).CreateService — along every path of
// the function's SSA control-flow graph, and reports:
//
//   - a handle not closed on some path to a return (error paths of later calls
//     included), or overwritten by the next iteration of a loop while open;
//   - a close deferred inside a loop (handles pile up until the function returns);
//   - a close deferred before the open's error is checked (closing garbage);
//   - an SC_HANDLE closed with CloseHandle instead of CloseServiceHandle;
//   - a handle closed twice on one path.
//
// The path where the open's error is non-nil (err != nil, err == someErr,
// errors.Is(err, …)), or where the handle is 0, needs no close.
//
// Ownership transfers end the tracking on that path; they are not leaks:
// returning the handle, storing it in a struct field, slice or array element,
// map, global or channel, taking the address of its variable, and passing it to
// a function of the same package that closes or transfers that parameter on
// every path. A closure that closes the handle counts as a close where it is
// called or deferred, and as a transfer where it is passed on.
//
// Functions of the analysed package that return a handle they opened (wrappers)
// become opens themselves for their callers in that package. Code that hides
// the SCM behind its own interface marks the interface's methods (or any
// function) with a directive in their doc comment, in the same package as the
// callers:
//
//	//schandle:opens   the first result is a handle (the last result, if an error, its error)
//	//schandle:closes  closes its first parameter (the receiver if it has none)
//
// Limits (by design, to keep false positives rare): calls through interfaces
// and function values that carry no directive are uses, never closes;
// conditions other than the open's own error and handle checks are not
// correlated, so two branches that must go together are explored apart; a
// closure that closes the handle on some path counts as closing it.
package schandle

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"
)

const doc = `schandle reports leaked and misused Windows SCM handles (SC_HANDLE)

It follows handles from golang.org/x/sys/windows OpenSCManager, OpenService,
CreateService and svc/mgr Connect, ConnectRemote, (*Mgr).OpenService,
(*Mgr).CreateService along every path and reports a handle not closed on some
path, a close deferred inside a loop or before the error check, a close with
CloseHandle instead of CloseServiceHandle, and a handle closed twice. Returning
a handle, storing it in a field and passing it to a function that closes it
transfer ownership. Mark your own wrappers with //schandle:opens and
//schandle:closes.`

// Analyzer is the schandle analyzer.
var Analyzer = &analysis.Analyzer{
	Name:     "schandle",
	Doc:      doc,
	URL:      "https://github.com/svcpack/svcpack/tree/main/cmd/schandle",
	Requires: []*analysis.Analyzer{buildssa.Analyzer},
	Run:      run,
}

const (
	windowsPkg = "golang.org/x/sys/windows"
	mgrPkg     = "golang.org/x/sys/windows/svc/mgr"
)

// opens are the functions that return a new handle (as their first result,
// with an error last), by types.Func.FullName.
var opens = map[string]bool{
	windowsPkg + ".OpenSCManager":         true,
	windowsPkg + ".OpenService":           true,
	windowsPkg + ".CreateService":         true,
	mgrPkg + ".Connect":                   true,
	mgrPkg + ".ConnectRemote":             true,
	"(*" + mgrPkg + ".Mgr).OpenService":   true,
	"(*" + mgrPkg + ".Mgr).CreateService": true,
}

// closes are the functions that close the handle in their first argument
// (the receiver for methods).
var closes = map[string]bool{
	windowsPkg + ".CloseServiceHandle": true,
	"(*" + mgrPkg + ".Mgr).Disconnect": true,
	"(*" + mgrPkg + ".Service).Close":  true,
}

// wrongCloses close a kernel object handle, not an SC_HANDLE.
var wrongCloses = map[string]bool{
	windowsPkg + ".CloseHandle": true,
	"syscall.CloseHandle":       true,
}

// noReturn functions end the path: the process or goroutine does not come back.
var noReturn = map[string]bool{
	"os.Exit": true, "runtime.Goexit": true,
	"log.Fatal": true, "log.Fatalf": true, "log.Fatalln": true,
	"log.Panic": true, "log.Panicf": true, "log.Panicln": true,
	"(*log.Logger).Fatal": true, "(*log.Logger).Fatalf": true, "(*log.Logger).Fatalln": true,
	"(*log.Logger).Panic": true, "(*log.Logger).Panicf": true, "(*log.Logger).Panicln": true,
	"(*testing.common).Fatal": true, "(*testing.common).Fatalf": true, "(*testing.common).FailNow": true,
	"(*testing.common).Skip": true, "(*testing.common).Skipf": true, "(*testing.common).SkipNow": true,
	"(testing.TB).Fatal": true, "(testing.TB).Fatalf": true, "(testing.TB).FailNow": true,
	"(testing.TB).Skip": true, "(testing.TB).Skipf": true, "(testing.TB).SkipNow": true,
}

// opener says how a call returns a handle.
type opener struct {
	name   string // for messages
	handle int    // result index of the handle
}

type checker struct {
	pass       *analysis.Pass
	funcs      []*ssa.Function
	dirOpens   map[*types.Func]bool
	dirCloses  map[*types.Func]bool
	wrappers   map[*ssa.Function]opener      // functions of this package that return a handle they opened
	closerMemo map[*ssa.Function]map[int]int // param index → 1 closes/transfers, 2 does not, 0 computing
	reported   map[string]bool
	quiet      int // > 0: inferring, not reporting
}

func run(pass *analysis.Pass) (any, error) {
	s := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	c := &checker{
		pass:       pass,
		funcs:      s.SrcFuncs,
		dirOpens:   map[*types.Func]bool{},
		dirCloses:  map[*types.Func]bool{},
		wrappers:   map[*ssa.Function]opener{},
		closerMemo: map[*ssa.Function]map[int]int{},
		reported:   map[string]bool{},
	}
	c.readDirectives()
	c.findWrappers()
	for _, fn := range c.funcs {
		c.checkFunc(fn)
	}
	return nil, nil
}

// readDirectives collects //schandle:opens and //schandle:closes from the doc
// comments of functions and of interface methods.
func (c *checker) readDirectives() {
	mark := func(doc *ast.CommentGroup, id *ast.Ident) {
		if doc == nil || id == nil {
			return
		}
		f, ok := c.pass.TypesInfo.Defs[id].(*types.Func)
		if !ok {
			return
		}
		for _, cm := range doc.List {
			switch strings.TrimSpace(cm.Text) {
			case "//schandle:opens":
				c.dirOpens[f] = true
			case "//schandle:closes":
				c.dirCloses[f] = true
			}
		}
	}
	for _, file := range c.pass.Files {
		ast.Inspect(file, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncDecl:
				mark(n.Doc, n.Name)
			case *ast.InterfaceType:
				for _, m := range n.Methods.List {
					if len(m.Names) == 1 {
						mark(m.Doc, m.Names[0])
						mark(m.Comment, m.Names[0])
					}
				}
			}
			return true
		})
	}
}

// findWrappers finds, to a fixed point, the functions that return a handle
// they opened (directly or through another wrapper).
func (c *checker) findWrappers() {
	c.quiet++
	defer func() { c.quiet-- }()
	for changed := true; changed; {
		changed = false
		for _, fn := range c.funcs {
			if _, ok := c.wrappers[fn]; ok || fn.Signature.Results().Len() == 0 {
				continue
			}
			for _, s := range c.sites(fn) {
				if k, ok := s.returnedAt(); ok {
					c.wrappers[fn] = opener{name: shortName(fn), handle: k}
					changed = true
					break
				}
			}
		}
	}
}

// site is one handle being tracked through a function: the result of an open
// call, or a parameter.
type site struct {
	c       *checker
	fn      *ssa.Function
	name    string
	open    ssa.Instruction // nil for a parameter
	pos     token.Pos
	handle  ssa.Value
	errv    ssa.Value
	errs    map[ssa.Value]bool // errv, and its loads from a local variable a closure captures
	okv     ssa.Value          // a wrapper's last result when it is a bool: true means opened
	aliases map[ssa.Value]bool
	cells   map[ssa.Value]bool // local variables (Allocs) that hold it
	events  map[ssa.Instruction]event
	checked bool // the error is compared somewhere
}

type eventKind int

const (
	evClose eventKind = iota + 1
	evWrongClose
	evDeferClose
	evTransfer
	evReturn // a return that hands the handle to the caller
)

type event struct {
	kind eventKind
	what string
}

// sites lists the handles opened in fn.
func (c *checker) sites(fn *ssa.Function) []*site {
	var out []*site
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			call, ok := in.(*ssa.Call)
			if !ok {
				continue
			}
			op, ok := c.opener(&call.Call)
			if !ok {
				continue
			}
			s := &site{c: c, fn: fn, name: op.name, open: call, pos: call.Pos()}
			res := call.Type()
			if t, ok := res.(*types.Tuple); ok {
				errIdx, okIdx := -1, -1
				if last := t.Len() - 1; last > 0 && last != op.handle {
					switch lt := t.At(last).Type(); {
					case types.Identical(lt, types.Universe.Lookup("error").Type()):
						errIdx = last
					case types.Identical(lt.Underlying(), types.Typ[types.Bool]):
						okIdx = last
					}
				}
				for _, r := range *call.Referrers() {
					if ex, ok := r.(*ssa.Extract); ok {
						switch ex.Index {
						case op.handle:
							s.handle = ex
						case errIdx:
							s.errv = ex
						case okIdx:
							s.okv = ex
						}
					}
				}
				if s.handle == nil || len(*s.handle.Referrers()) == 0 {
					// The handle is discarded or unused: nothing closes it.
					c.report(call.Pos(), "%s: the handle is not used, so it is never closed", op.name)
					continue
				}
			} else {
				s.handle = call
			}
			s.build()
			out = append(out, s)
		}
	}
	return out
}

func (c *checker) opener(cc *ssa.CallCommon) (opener, bool) {
	if cc.IsInvoke() {
		if c.dirOpens[cc.Method] {
			return opener{name: cc.Method.Name()}, true
		}
		return opener{}, false
	}
	fn := cc.StaticCallee()
	if fn == nil {
		return opener{}, false
	}
	if w, ok := c.wrappers[fn]; ok {
		return w, true
	}
	if obj, ok := fn.Object().(*types.Func); ok {
		if opens[obj.FullName()] || c.dirOpens[obj] {
			return opener{name: shortName(fn)}, true
		}
	}
	return opener{}, false
}

// closed returns the value the call closes (wrong says it is closed with the
// wrong function), or nil.
func (c *checker) closed(cc *ssa.CallCommon) (v ssa.Value, wrong bool, what string) {
	if cc.IsInvoke() {
		if c.dirCloses[cc.Method] {
			if cc.Signature().Params().Len() > 0 {
				return cc.Args[0], false, cc.Method.Name()
			}
			return cc.Value, false, cc.Method.Name()
		}
		return nil, false, ""
	}
	fn := cc.StaticCallee()
	if fn == nil || len(cc.Args) == 0 {
		return nil, false, ""
	}
	obj, _ := fn.Object().(*types.Func)
	if obj != nil {
		name := obj.FullName()
		switch {
		case closes[name]:
			return cc.Args[0], false, shortName(fn)
		case wrongCloses[name]:
			return cc.Args[0], true, shortName(fn)
		case c.dirCloses[obj]:
			i := 0
			if sig := obj.Type().(*types.Signature); sig.Recv() != nil && sig.Params().Len() > 0 {
				i = 1
			}
			return cc.Args[i], false, shortName(fn)
		}
	}
	return nil, false, ""
}

// build finds the handle's aliases and what each instruction does to it.
func (s *site) build() {
	s.aliases = map[ssa.Value]bool{}
	s.cells = map[ssa.Value]bool{}
	s.events = map[ssa.Instruction]event{}
	var work []ssa.Value
	add := func(v ssa.Value) {
		if !s.aliases[v] {
			s.aliases[v] = true
			work = append(work, v)
		}
	}
	add(s.handle)
	for len(work) > 0 {
		v := work[len(work)-1]
		work = work[:len(work)-1]
		refs := v.Referrers()
		if refs == nil {
			continue
		}
		for _, r := range *refs {
			switch r := r.(type) {
			case *ssa.ChangeType:
				add(r)
			case *ssa.Convert:
				if isHandleType(r.Type()) {
					add(r)
				}
			case *ssa.Phi:
				add(r)
			case *ssa.FieldAddr:
				// &svc.Handle of a tracked *mgr.Service / *mgr.Mgr: its loads are the handle.
				if s.aliases[r.X] && fieldName(r) == "Handle" {
					for _, rr := range *r.Referrers() {
						if ld, ok := rr.(*ssa.UnOp); ok && ld.Op == token.MUL {
							add(ld)
						}
					}
				}
			case *ssa.Store:
				if r.Val != v {
					continue
				}
				if a, ok := r.Addr.(*ssa.Alloc); ok && !s.cells[a] {
					s.cells[a] = true
					for _, rr := range *a.Referrers() {
						switch rr := rr.(type) {
						case *ssa.UnOp:
							if rr.Op == token.MUL {
								add(rr)
							}
						case *ssa.Store, *ssa.DebugRef:
						case *ssa.MakeClosure:
							s.closure(rr, a)
						default:
							// &h passed on or stored: someone else may close it.
							s.events[rr] = event{kind: evTransfer}
						}
					}
				} else if fa, ok := r.Addr.(*ssa.FieldAddr); ok && isMgrAlloc(fa.X) && fieldName(fa) == "Handle" {
					// &mgr.Service{Handle: h}: the new Service (or Mgr) is the handle now.
					add(fa.X)
				} else if _, ok := r.Addr.(*ssa.Alloc); !ok {
					s.events[r] = event{kind: evTransfer}
				}
			case *ssa.MapUpdate, *ssa.Send:
				s.events[r] = event{kind: evTransfer}
			case *ssa.MakeClosure:
				s.closure(r, v)
			case *ssa.Return:
				s.events[r] = event{kind: evReturn}
			}
		}
	}
	// Calls: closes, wrong closes, deferred closes, and handing the handle to
	// a function of this package that closes or keeps it.
	for _, b := range s.fn.Blocks {
		for _, in := range b.Instrs {
			ci, ok := in.(ssa.CallInstruction)
			if !ok {
				continue
			}
			cc := ci.Common()
			_, isDefer := in.(*ssa.Defer)
			if v, wrong, what := s.c.closed(cc); v != nil && s.aliases[v] {
				k := evClose
				switch {
				case wrong:
					k = evWrongClose
				case isDefer:
					k = evDeferClose
				}
				s.events[in] = event{kind: k, what: what}
				continue
			}
			if _, ok := s.events[in]; ok {
				continue // a closure call already classified
			}
			if callee := cc.StaticCallee(); callee != nil && callee.Pkg == s.fn.Pkg && !cc.IsInvoke() {
				for i, a := range cc.Args {
					if s.aliases[a] && s.c.takesParam(callee, i) {
						k := evClose
						if isDefer {
							k = evDeferClose
						} else if _, isGo := in.(*ssa.Go); isGo {
							k = evTransfer
						}
						s.events[in] = event{kind: k, what: shortName(callee)}
						break
					}
				}
			}
		}
	}
	s.errs = map[ssa.Value]bool{}
	if s.errv != nil {
		s.errs[s.errv] = true
		for _, r := range *s.errv.Referrers() {
			if st, ok := r.(*ssa.Store); ok && st.Val == s.errv {
				if a, ok := st.Addr.(*ssa.Alloc); ok {
					for _, rr := range *a.Referrers() {
						if ld, ok := rr.(*ssa.UnOp); ok && ld.Op == token.MUL && onlyStored(ld, a, s.errv) {
							s.errs[ld] = true
						}
					}
				}
			}
		}
		for v := range s.errs {
			for _, r := range *v.Referrers() {
				if errTest(r, s.errs) != 0 {
					s.checked = true
				}
			}
		}
	}
}

// onlyStored reports whether every store to cell that reaches the load ld
// stores v (a named error result is such a cell when the function defers).
func onlyStored(ld *ssa.UnOp, cell *ssa.Alloc, v ssa.Value) bool {
	seen := map[*ssa.BasicBlock]bool{}
	var reach func(b *ssa.BasicBlock, end int) bool
	reach = func(b *ssa.BasicBlock, end int) bool {
		for i := end - 1; i >= 0; i-- {
			if st, ok := b.Instrs[i].(*ssa.Store); ok && st.Addr == cell {
				return st.Val == v
			}
		}
		if len(b.Preds) == 0 {
			return false // the zero value
		}
		for _, p := range b.Preds {
			if !seen[p] {
				seen[p] = true
				if !reach(p, len(p.Instrs)) {
					return false
				}
			}
		}
		return true
	}
	b := ld.Block()
	for i, in := range b.Instrs {
		if in == ld {
			return reach(b, i)
		}
	}
	return false
}

// closure classifies a closure that captures the handle (bound is the value
// or the cell bound to it).
func (s *site) closure(mc *ssa.MakeClosure, bound ssa.Value) {
	fv := -1
	for i, b := range mc.Bindings {
		if b == bound {
			fv = i
		}
	}
	fn := mc.Fn.(*ssa.Function)
	if fv < 0 || fv >= len(fn.FreeVars) || !s.c.closesFreeVar(fn, fn.FreeVars[fv]) {
		return
	}
	for _, r := range *mc.Referrers() {
		switch r := r.(type) {
		case *ssa.Defer:
			if r.Call.Value == mc {
				s.events[r] = event{kind: evDeferClose, what: "a deferred closure"}
				continue
			}
		case *ssa.Call:
			if r.Call.Value == mc {
				s.events[r] = event{kind: evClose, what: "a closure"}
				continue
			}
		case *ssa.DebugRef:
			continue
		}
		s.events[r] = event{kind: evTransfer}
	}
}

// closesFreeVar reports whether fn (a closure) closes the handle it captured
// as fv on some path.
func (c *checker) closesFreeVar(fn *ssa.Function, fv *ssa.FreeVar) bool {
	vals := map[ssa.Value]bool{fv: true}
	for _, r := range *fv.Referrers() {
		if ld, ok := r.(*ssa.UnOp); ok && ld.Op == token.MUL {
			vals[ld] = true
		}
	}
	for changed := true; changed; {
		changed = false
		for v := range vals {
			for _, r := range *v.Referrers() {
				switch r := r.(type) {
				case *ssa.ChangeType, *ssa.Convert:
					if !vals[r.(ssa.Value)] {
						vals[r.(ssa.Value)] = true
						changed = true
					}
				case *ssa.FieldAddr:
					for _, rr := range *r.Referrers() {
						if ld, ok := rr.(*ssa.UnOp); ok && ld.Op == token.MUL && !vals[ld] {
							vals[ld] = true
							changed = true
						}
					}
				}
			}
		}
	}
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			if ci, ok := in.(ssa.CallInstruction); ok {
				if v, _, _ := c.closed(ci.Common()); v != nil && vals[v] {
					return true
				}
			}
		}
	}
	return false
}

// takesParam reports whether fn closes or takes ownership of its i-th
// argument (receiver included) on every path.
func (c *checker) takesParam(fn *ssa.Function, i int) bool {
	if i >= len(fn.Params) || len(fn.Blocks) == 0 || !isHandleType(fn.Params[i].Type()) {
		return false
	}
	m := c.closerMemo[fn]
	if m == nil {
		m = map[int]int{}
		c.closerMemo[fn] = m
	}
	if r, ok := m[i]; ok {
		return r == 1
	}
	m[i] = 0 // recursion: assume not
	s := &site{c: c, fn: fn, name: "parameter", handle: fn.Params[i], pos: fn.Params[i].Pos()}
	s.build()
	released := false
	for _, e := range s.events {
		if e.kind == evClose || e.kind == evDeferClose || e.kind == evTransfer || e.kind == evReturn {
			released = true
		}
	}
	ok := released && s.walk(true) == 0
	if ok {
		m[i] = 1
	} else {
		m[i] = 2
	}
	return ok
}

// returnedAt says at which result index a path returns the handle.
func (s *site) returnedAt() (int, bool) {
	for in, e := range s.events {
		if e.kind != evReturn {
			continue
		}
		for k, r := range in.(*ssa.Return).Results {
			if s.aliases[r] {
				return k, true
			}
		}
	}
	return 0, false
}

func (c *checker) checkFunc(fn *ssa.Function) {
	for _, s := range c.sites(fn) {
		s.walk(false)
	}
}

type state struct {
	b       *ssa.BasicBlock
	status  int // 0 open, 1 closed, 2 close deferred
	checked bool
}

// walk explores every path from the open (or the function's entry for a
// parameter) and reports what goes wrong; quiet only counts leaks.
func (s *site) walk(quiet bool) (leaks int) {
	if quiet {
		s.c.quiet++
		defer func() { s.c.quiet-- }()
	}
	seen := map[state]bool{}
	var exits []token.Pos // returns the handle leaks through
	var loopAt token.Pos  // where the loop opens the next one while this is open
	var visit func(st state, from int)
	visit = func(st state, from int) {
		if from == 0 {
			if seen[st] {
				return
			}
			seen[st] = true
		}
		for _, in := range st.b.Instrs[from:] {
			if in == s.open {
				if st.status == 0 {
					loopAt = in.Pos()
				}
				return
			}
			if e, ok := s.events[in]; ok {
				switch e.kind {
				case evReturn, evTransfer:
					return
				case evClose, evWrongClose:
					if e.kind == evWrongClose {
						s.c.report(in.Pos(), "%s handle (opened at %s) closed with %s; use CloseServiceHandle", s.name, s.c.where(s.pos), e.what)
					} else if st.status != 0 {
						s.c.report(in.Pos(), "%s handle (opened at %s) closed twice: %s", s.name, s.c.where(s.pos), closedHow(st.status))
					}
					st.status = 1
				case evDeferClose:
					if inLoop(st.b) {
						s.c.report(in.Pos(), "%s handle (opened at %s): close deferred inside a loop runs only when the function returns; close it in the loop body", s.name, s.c.where(s.pos))
					}
					if s.errv != nil && s.checked && !st.checked {
						s.c.report(in.Pos(), "%s handle (opened at %s): close deferred before the error is checked; on error the handle is not valid", s.name, s.c.where(s.pos))
					}
					if st.status != 0 {
						s.c.report(in.Pos(), "%s handle (opened at %s) closed twice: %s", s.name, s.c.where(s.pos), closedHow(st.status))
					}
					st.status = 2
				}
				continue
			}
			switch in := in.(type) {
			case *ssa.Call:
				if endsPath(&in.Call) {
					return
				}
			case *ssa.Panic:
				return
			case *ssa.Return:
				if st.status == 0 {
					pos := in.Pos()
					if !pos.IsValid() && s.fn.Syntax() != nil {
						pos = s.fn.Syntax().End() - 1
					}
					exits = append(exits, pos)
				}
				return
			case *ssa.If:
				for i, succ := range st.b.Succs {
					next := st
					next.b = succ
					switch s.branch(in.Cond, i == 0) {
					case branchInvalid:
						continue // the open failed here: nothing to close
					case branchValid:
						next.checked = true
					}
					visit(next, 0)
				}
				return
			}
		}
		for _, succ := range st.b.Succs {
			next := st
			next.b = succ
			visit(next, 0)
		}
	}
	start := s.fn.Blocks[0]
	from := 0
	if s.open != nil {
		start = s.open.Block()
		for i, in := range start.Instrs {
			if in == s.open {
				from = i + 1
			}
		}
	}
	visit(state{b: start, checked: s.errv == nil}, from)
	if loopAt.IsValid() {
		s.c.report(s.pos, "%s: handle not closed before the loop opens the next one at %s", s.name, s.c.where(loopAt))
	}
	if len(exits) > 0 {
		slices.Sort(exits)
		exits = slices.Compact(exits)
		more := ""
		if len(exits) > 1 {
			var at []string
			for _, p := range exits[1:] {
				at = append(at, s.c.where(p))
			}
			more = " (and at " + strings.Join(at, ", ") + ")"
		}
		s.c.report(s.pos, "%s handle not closed on the path that returns at %s%s", s.name, s.c.where(exits[0]), more)
	}
	leaks = len(exits)
	if loopAt.IsValid() {
		leaks++
	}
	return leaks
}

func closedHow(status int) string {
	if status == 2 {
		return "a close is already deferred on this path"
	}
	return "it was already closed on this path"
}

type branchKind int

const (
	branchUnknown branchKind = iota
	branchInvalid            // on this branch the open failed
	branchValid              // on this branch the open succeeded
)

// branch says what taking the true (or false) edge of cond means for the handle.
func (s *site) branch(cond ssa.Value, taken bool) branchKind {
	if s.errv != nil {
		switch errTest(cond, s.errs) {
		case 1: // cond true means err != nil
			if taken {
				return branchInvalid
			}
			return branchValid
		case 2: // cond true means err == nil
			if taken {
				return branchValid
			}
			return branchInvalid
		case 3: // cond true means err is some error; false says nothing
			if taken {
				return branchInvalid
			}
		}
	}
	if s.okv != nil {
		ok := cond == s.okv
		if u, isNot := cond.(*ssa.UnOp); isNot && u.Op == token.NOT && u.X == s.okv {
			ok, taken = true, !taken
		}
		if ok {
			if taken {
				return branchValid
			}
			return branchInvalid
		}
	}
	if b, ok := cond.(*ssa.BinOp); ok && (b.Op == token.EQL || b.Op == token.NEQ) {
		x, y := b.X, b.Y
		if !s.aliases[x] {
			x, y = y, x
		}
		if s.aliases[x] && isZero(y) {
			if (b.Op == token.EQL) == taken {
				return branchInvalid
			}
			return branchValid
		}
	}
	return branchUnknown
}

// errTest classifies an instruction as a test of the open's error: 1 "err != nil",
// 2 "err == nil", 3 "err is a particular error" (==, errors.Is), 0 none.
func errTest(in any, errs map[ssa.Value]bool) int {
	switch in := in.(type) {
	case *ssa.BinOp:
		x, y := in.X, in.Y
		if !errs[x] {
			x, y = y, x
		}
		if !errs[x] || (in.Op != token.EQL && in.Op != token.NEQ) {
			return 0
		}
		if isZero(y) {
			if in.Op == token.NEQ {
				return 1
			}
			return 2
		}
		if in.Op == token.EQL {
			return 3
		}
	case *ssa.Call:
		if fn := in.Call.StaticCallee(); fn != nil && fn.String() == "errors.Is" && len(in.Call.Args) == 2 && errs[in.Call.Args[0]] {
			return 3
		}
	}
	return 0
}

func isZero(v ssa.Value) bool {
	c, ok := v.(*ssa.Const)
	if !ok {
		return false
	}
	if c.Value == nil {
		return true
	}
	return c.Value.Kind() == constant.Int && constant.Sign(c.Value) == 0
}

// inLoop reports whether b can reach itself.
func inLoop(b *ssa.BasicBlock) bool {
	seen := map[*ssa.BasicBlock]bool{}
	work := append([]*ssa.BasicBlock(nil), b.Succs...)
	for len(work) > 0 {
		x := work[len(work)-1]
		work = work[:len(work)-1]
		if x == b {
			return true
		}
		if !seen[x] {
			seen[x] = true
			work = append(work, x.Succs...)
		}
	}
	return false
}

func endsPath(cc *ssa.CallCommon) bool {
	if cc.IsInvoke() {
		return noReturn["("+cc.Value.Type().String()+")."+cc.Method.Name()]
	}
	if fn := cc.StaticCallee(); fn != nil {
		if obj, ok := fn.Object().(*types.Func); ok {
			return noReturn[obj.FullName()]
		}
	}
	return false
}

// isHandleType: SC_HANDLEs are uintptr-based; mgr wraps them in pointers to structs.
func isHandleType(t types.Type) bool {
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return u.Kind() == types.Uintptr
	case *types.Pointer:
		_, ok := u.Elem().Underlying().(*types.Struct)
		return ok
	}
	return false
}

// isMgrAlloc: v is a new mgr.Mgr or mgr.Service (a composite literal).
func isMgrAlloc(v ssa.Value) bool {
	a, ok := v.(*ssa.Alloc)
	if !ok {
		return false
	}
	n, ok := a.Type().(*types.Pointer).Elem().(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != mgrPkg {
		return false
	}
	return n.Obj().Name() == "Mgr" || n.Obj().Name() == "Service"
}

func fieldName(fa *ssa.FieldAddr) string {
	p, ok := fa.X.Type().Underlying().(*types.Pointer)
	if !ok {
		return ""
	}
	st, ok := p.Elem().Underlying().(*types.Struct)
	if !ok || fa.Field >= st.NumFields() {
		return ""
	}
	return st.Field(fa.Field).Name()
}

func shortName(fn *ssa.Function) string {
	name := fn.Name()
	if recv := fn.Signature.Recv(); recv != nil {
		t := recv.Type()
		star := ""
		if p, ok := t.(*types.Pointer); ok {
			t, star = p.Elem(), "*"
		}
		if n, ok := t.(*types.Named); ok {
			return fmt.Sprintf("(%s%s).%s", star, n.Obj().Name(), name)
		}
	}
	if fn.Pkg != nil {
		return fn.Pkg.Pkg.Name() + "." + name
	}
	return name
}

func (c *checker) where(pos token.Pos) string {
	p := c.pass.Fset.Position(pos)
	return fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line)
}

func (c *checker) report(pos token.Pos, format string, args ...any) {
	if c.quiet > 0 {
		return
	}
	msg := fmt.Sprintf(format, args...)
	key := fmt.Sprint(pos, msg)
	if c.reported[key] {
		return
	}
	c.reported[key] = true
	c.pass.Report(analysis.Diagnostic{Pos: pos, Message: msg})
}
