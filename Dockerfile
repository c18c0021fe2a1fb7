# cgdoctor's image: `npm run build:image` assembles dist/image/rootfs (the single executable and
# the shared libraries ldd names for it, nothing else) and builds this from it. FROM scratch: no
# base image, so nothing is pulled, and the build works where no registry can be reached.
FROM scratch
COPY rootfs/ /
# Non-root by default: a scan reads the node and needs no privilege for most of it. The
# DaemonSet runs it as uid 0 with every capability dropped, to write the textfile directory.
USER 65534:65534
ENTRYPOINT ["/cgdoctor"]
CMD ["scan", "--root", "/host"]
