// Command clones measures how fast a vCenter (here: vcsim) makes VMs when asked directly, with govmomi's own client:
// it clones one template COUNT times with CONCURRENCY clones in flight, each powered on, and prints the rate. It is
// the baseline beside which benchmarks/vsphere.sh puts IMS's batches of the same clones.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net/url"
	"sync"
	"time"

	"github.com/vmware/govmomi"
	"github.com/vmware/govmomi/find"
	"github.com/vmware/govmomi/vim25/types"
)

func main() {
	endpoint := flag.String("url", "", "the SDK URL, e.g. http://127.0.0.1:8989/sdk")
	username := flag.String("username", "ims", "user name")
	password := flag.String("password", "ims-vcsim", "password")
	template := flag.String("template", "", "the template (or VM) to clone, by name")
	count := flag.Int("count", 100, "how many clones")
	concurrency := flag.Int("concurrency", 64, "clones in flight at once")
	prefix := flag.String("prefix", "direct-clone-", "name prefix of the clones")
	flag.Parse()

	ctx := context.Background()
	u, err := url.Parse(*endpoint)
	if err != nil {
		log.Fatalf("clones: bad -url: %v", err)
	}
	u.User = url.UserPassword(*username, *password)
	client, err := govmomi.NewClient(ctx, u, true)
	if err != nil {
		log.Fatalf("clones: cannot log in: %v", err)
	}
	finder := find.NewFinder(client.Client, true)
	datacenter, err := finder.DefaultDatacenter(ctx)
	if err != nil {
		log.Fatalf("clones: %v", err)
	}
	finder.SetDatacenter(datacenter)
	source, err := finder.VirtualMachine(ctx, *template)
	if err != nil {
		log.Fatalf("clones: template %q: %v", *template, err)
	}
	folders, err := datacenter.Folders(ctx)
	if err != nil {
		log.Fatalf("clones: %v", err)
	}
	pool, err := finder.DefaultResourcePool(ctx)
	if err != nil {
		log.Fatalf("clones: %v", err)
	}
	poolRef := pool.Reference()

	slots := make(chan struct{}, *concurrency)
	var wait sync.WaitGroup
	var failures sync.Map
	started := time.Now()
	for i := 0; i < *count; i++ {
		wait.Add(1)
		slots <- struct{}{}
		go func(i int) {
			defer wait.Done()
			defer func() { <-slots }()
			spec := types.VirtualMachineCloneSpec{Location: types.VirtualMachineRelocateSpec{Pool: &poolRef}, PowerOn: true}
			task, err := source.Clone(ctx, folders.VmFolder, fmt.Sprintf("%s%04d", *prefix, i), spec)
			if err == nil {
				err = task.Wait(ctx)
			}
			if err != nil {
				failures.Store(i, err)
			}
		}(i)
	}
	wait.Wait()
	elapsed := time.Since(started)
	failed := 0
	failures.Range(func(_, _ interface{}) bool { failed++; return true })
	fmt.Printf("direct clones: %d in %.2f s (%.1f VMs/s), %d failed, %d in flight\n", *count-failed,
		elapsed.Seconds(), float64(*count-failed)/elapsed.Seconds(), failed, *concurrency)
}
