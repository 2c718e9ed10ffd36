// Command vcsim runs govmomi's vCenter simulator for IMS's tests and for trying IMS against "vSphere" on one machine.
// It listens on the address given by -listen (127.0.0.1:0 picks a free port), serves the SOAP API under /sdk and the
// REST endpoints under /rest, prints one line "VCSIM_URL=<url>" once it accepts connections, and runs until
// stdin closes or it receives SIGINT/SIGTERM, so that a test that dies never leaves it behind.
package main

import (
	"crypto/tls"
	"flag"
	"fmt"
	"io"
	"log"
	"net/url"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"

	"github.com/vmware/govmomi/simulator"
	_ "github.com/vmware/govmomi/vapi/simulator"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "address to listen on")
	secure := flag.Bool("tls", false, "serve HTTPS with a self-signed certificate")
	username := flag.String("username", "ims", "user name the simulator accepts")
	password := flag.String("password", "ims-vcsim", "password the simulator accepts")
	clusters := flag.Int("clusters", 1, "clusters per datacenter")
	hosts := flag.Int("hosts", 2, "hosts per cluster")
	vms := flag.Int("vms", 0, "VMs the model creates up front")
	watchStdin := flag.Bool("stdin", true, "exit when standard input closes")
	delays := flag.String("method-delay", "", "SOAP methods that answer late, e.g. CloneVM_Task=2000,PowerOnVM_Task=200 (ms)")
	flag.Parse()

	model := simulator.VPX()
	model.Cluster = *clusters
	model.ClusterHost = *hosts
	model.Host = 0
	model.Machine = *vms
	model.Autostart = false
	if *delays != "" {
		model.DelayConfig.MethodDelay = map[string]int{}
		for _, pair := range strings.Split(*delays, ",") {
			method, millis, found := strings.Cut(pair, "=")
			delay, err := strconv.Atoi(millis)
			if !found || err != nil {
				log.Fatalf("vcsim: -method-delay wants Method=milliseconds, not %q", pair)
			}
			model.DelayConfig.MethodDelay[method] = delay
		}
	}
	if err := model.Create(); err != nil {
		log.Fatalf("vcsim: cannot create the model: %v", err)
	}
	defer model.Remove()

	model.Service.RegisterEndpoints = true
	model.Service.Listen = &url.URL{Host: *listen, User: url.UserPassword(*username, *password)}
	if *secure {
		model.Service.TLS = new(tls.Config)
	}
	server := model.Service.NewServer()
	defer server.Close()

	address := *server.URL
	address.User = nil
	fmt.Printf("VCSIM_URL=%s\n", address.String())
	os.Stdout.Sync()

	done := make(chan os.Signal, 1)
	signal.Notify(done, syscall.SIGINT, syscall.SIGTERM)
	if *watchStdin {
		go func() {
			io.Copy(io.Discard, os.Stdin)
			done <- syscall.SIGTERM
		}()
	}
	<-done
}
